using System.Threading.Channels;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Logging;

namespace CreditProof.Sharing;

public enum AccessKind
{
    /// <summary>扫码核验: the QR payload was checked online.</summary>
    QrVerification = 1,

    /// <summary>编号核验: report number and verification code typed in.</summary>
    NumberVerification = 2,

    /// <summary>授权查看: the full report opened with a share code.</summary>
    ShareView = 3,

    /// <summary>授权下载: the PDF downloaded with a share code.</summary>
    ShareDownload = 4,

    /// <summary>持有人下载 or a window's print.</summary>
    HolderDownload = 5,
}

/// <summary>One use of a report: who (signed-in name, if any), when, from where, how, with which grant.</summary>
public sealed class ReportAccess
{
    public Guid Id { get; init; }

    public required string ReportNumber { get; init; }

    public AccessKind Kind { get; init; }

    public DateTime At { get; init; }

    public Guid? GrantId { get; init; }

    /// <summary>The client's address as the platform saw it.</summary>
    public string? Client { get; init; }

    public string? UserAgent { get; init; }

    /// <summary>The signed-in user, when there is one; relying parties are usually anonymous.</summary>
    public string? Actor { get; init; }

    /// <summary>Through the verification API rather than a page (a relying party's system, not a person).</summary>
    public bool ViaApi { get; init; }
}

internal sealed class ReportAccessConfiguration : IEntityTypeConfiguration<ReportAccess>
{
    public void Configure(EntityTypeBuilder<ReportAccess> b)
    {
        b.ToTable("report_access_log");
        b.Property(a => a.ReportNumber).HasMaxLength(16);
        b.Property(a => a.Client).HasMaxLength(64);
        b.Property(a => a.UserAgent).HasMaxLength(200);
        b.Property(a => a.Actor).HasMaxLength(200);
        b.HasIndex(a => new { a.ReportNumber, a.At });
    }
}

/// <summary>
/// Collects report accesses in memory and writes them in batches (one INSERT batch per second from the web host), so
/// logging a verification costs the request nothing measurable. What is queued when the process dies is lost: at most
/// the last second; the host flushes on shutdown.
/// </summary>
public sealed class AccessLog(TimeProvider time, ILogger<AccessLog> logger)
{
    private const int Capacity = 200_000;
    private readonly Channel<ReportAccess> _queue = Channel.CreateBounded<ReportAccess>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private long _dropped;

    public long Dropped => Interlocked.Read(ref _dropped);

    public void Record(string reportNumber, AccessKind kind, string? client, string? userAgent, string? actor = null, Guid? grantId = null, bool viaApi = false)
    {
        var access = new ReportAccess
        {
            Id = Guid.CreateVersion7(),
            ReportNumber = reportNumber,
            Kind = kind,
            At = time.GetUtcNow().UtcDateTime,
            GrantId = grantId,
            Client = Truncate(client, 64),
            UserAgent = Truncate(userAgent, 200),
            Actor = Truncate(actor, 200),
            ViaApi = viaApi,
        };
        if (!_queue.Writer.TryWrite(access) && Interlocked.Increment(ref _dropped) % 1000 == 1)
            logger.LogWarning("Report access log queue full ({Capacity}); {Dropped} entries dropped so far", Capacity, Dropped);
    }

    /// <summary>Writes what is queued; returns how many entries were written.</summary>
    public async Task<int> FlushAsync(CreditProofDbContext db, CancellationToken ct = default)
    {
        var written = 0;
        var batch = new List<ReportAccess>(1024);
        while (true)
        {
            batch.Clear();
            while (batch.Count < 5000 && _queue.Reader.TryRead(out var access))
                batch.Add(access);
            if (batch.Count == 0)
                return written;
            // Thousands of rows a second under load: bulk-written (prepared INSERT / binary COPY), one transaction per batch.
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            using (var writer = BulkWriter.For(db))
            {
                written += (int)await writer.WriteAsync(batch, ct);
                // Bulk-written rows pass no interceptor: their counts for the statistics go in the same transaction.
                await writer.WriteAsync(AccessStats.ForAccesses(batch), ct);
            }
            await transaction.CommitAsync(ct);
        }
    }

    public static async Task<IReadOnlyList<ReportAccess>> ForReportAsync(CreditProofDbContext db, string number, int take = 200, CancellationToken ct = default) =>
        await db.ReportAccessLog.AsNoTracking().Where(a => a.ReportNumber == number).OrderByDescending(a => a.At).Take(take).ToListAsync(ct);

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
