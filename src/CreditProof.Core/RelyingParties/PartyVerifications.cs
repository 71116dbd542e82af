using CreditProof.Platform;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.RelyingParties;

/// <summary>A relying party's own verification history: every check its keys and staff made, newest first.</summary>
public sealed class PartyVerifications(CreditProofDbContext db, PlatformClock clock)
{
    public async Task RecordAsync(int relyingPartyId, PartyVerificationMethod method, string? reportNumber, string verdict, string? status, string actor, CancellationToken ct = default)
    {
        db.PartyVerifications.Add(new PartyVerification
        {
            RelyingPartyId = relyingPartyId, At = clock.UtcNow, Method = method, ReportNumber = reportNumber is { Length: <= 16 } ? reportNumber : null,
            Verdict = verdict.Length > 40 ? verdict[..40] : verdict, Status = status, Actor = actor.Length > 200 ? actor[..200] : actor,
        });
        await db.SaveChangesAsync(ct);
    }

    public Task<List<PartyVerification>> HistoryAsync(int relyingPartyId, int take = 200, CancellationToken ct = default) =>
        db.PartyVerifications.AsNoTracking().Where(v => v.RelyingPartyId == relyingPartyId).OrderByDescending(v => v.Id).Take(Math.Clamp(take, 1, 1000)).ToListAsync(ct);
}
