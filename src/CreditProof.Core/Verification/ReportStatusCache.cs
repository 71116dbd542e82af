using CreditProof.Platform;
using CreditProof.Reports;
using CreditProof.Signing;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CreditProof.Verification;

/// <summary>
/// This platform's status list, in memory: online verification reads a report's status from it without a query.
/// The first load reads every report that is not valid; later refreshes read only reports whose status changed since
/// the last one (index on StatusChangedAt), with a minute of overlap for clock skew and late commits, plus a full
/// reload every ten minutes. The web host refreshes every two seconds, so a change shows online within about that.
/// The list always covers every index the allocator has handed out (its counter, one primary-key read per refresh),
/// so a published list says "valid" for each issued report instead of leaving it out of bounds.
/// </summary>
public sealed class ReportStatusCache(IOptions<ReportOptions> options, PlatformOptions platform, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan Overlap = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan FullReload = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan TokenValidity = TimeSpan.FromDays(1);
    private static readonly TimeSpan TokenTtl = TimeSpan.FromMinutes(5);
    private readonly ReportOptions _options = options.Value;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private StatusList _list = StatusList.Empty;
    private DateTime? _watermark;
    private DateTimeOffset _fullLoadAt;
    private (StatusList List, byte[] Token, DateTimeOffset SignedAt)? _token;

    public StatusList Current => Volatile.Read(ref _list);

    public bool Loaded => _watermark is not null;

    public string ListUrl => $"{platform.PublicBaseUrl.TrimEnd('/')}/.well-known/creditproof/status-list";

    public async Task<StatusList> RefreshAsync(CreditProofDbContext db, CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var now = time.GetUtcNow();
            var reports = db.IssuedReports.AsNoTracking();
            List<(int Index, ReportStatus Status, DateTime? ChangedAt)> rows;
            StatusList basis;
            if (_watermark is not { } since || now - _fullLoadAt > FullReload)
            {
                rows = (await reports.Where(r => r.Status != ReportStatus.Valid)
                        .Select(r => new { r.StatusIndex, r.Status, r.StatusChangedAt }).ToListAsync(ct))
                    .Select(r => (r.StatusIndex, r.Status, r.StatusChangedAt)).ToList();
                basis = StatusList.Empty;
                _fullLoadAt = now;
                _watermark = now.UtcDateTime;
            }
            else
            {
                var from = since - Overlap;
                rows = (await reports.Where(r => r.StatusChangedAt >= from)
                        .Select(r => new { r.StatusIndex, r.Status, r.StatusChangedAt }).ToListAsync(ct))
                    .Select(r => (r.StatusIndex, r.Status, r.StatusChangedAt)).ToList();
                basis = _list;
            }

            var allocated = await db.Set<SequenceCounter>().AsNoTracking()
                .Where(c => c.Name == StatusIndexAllocator.CounterName).Select(c => c.Next).FirstOrDefaultAsync(ct);
            var next = basis.With(rows.Select(r => (r.Index, r.Status)), allocated);
            if (!ReferenceEquals(next, _list))
                Volatile.Write(ref _list, next);
            var newest = rows.Max(r => r.ChangedAt);
            if (newest is { } n && n > _watermark)
                _watermark = n;
            return _list;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The signed status list token; re-signed when the list changed or half its TTL passed.</summary>
    public async Task<byte[]> TokenAsync(CreditProofDbContext db, SigningKeyRing ring, CancellationToken ct = default)
    {
        if (!Loaded)
            await RefreshAsync(db, ct);
        var list = Current;
        var now = time.GetUtcNow();
        if (_token is { } t && ReferenceEquals(t.List, list) && now - t.SignedAt < TokenTtl / 2)
            return t.Token;
        var key = await ring.GetActiveAsync(db, _options.SigningAlgorithm, ct);
        var token = StatusListToken.Sign(list, platform.Issuer, ListUrl, now, TokenValidity, TokenTtl, key);
        _token = (list, token, now);
        return token;
    }

    public void Dispose() => _gate.Dispose();
}
