using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Reports.Lifecycle;

/// <summary>The operator withdraws a report (e.g. issued on forged authority): the one status no record decides. Final.</summary>
public static class ReportRevocation
{
    public static async Task<bool> RevokeAsync(CreditProofDbContext db, string number, string reason, string revokedBy, DateTime now, CancellationToken ct = default)
    {
        var parsed = ReportNumbers.ParseNumber(number) ?? throw new ArgumentException($"'{number}' is not a report number.", nameof(number));
        if (string.IsNullOrWhiteSpace(reason))
            throw new ArgumentException("A revocation needs a reason.", nameof(reason));
        var text = $"{reason.Trim()} — {revokedBy}";
        return await db.IssuedReports.Where(r => r.Number == parsed && r.Status != ReportStatus.Revoked)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, ReportStatus.Revoked).SetProperty(r => r.StatusChangedAt, now).SetProperty(r => r.StatusReason, text), ct) == 1;
    }
}
