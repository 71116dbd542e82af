using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CreditProof.Notifications;
using CreditProof.Platform;
using CreditProof.Reports;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CreditProof.RelyingParties;

/// <summary>
/// Change notices with consent. Reports tell the world of a status change the one way they already do — the lifecycle
/// derives it from <c>report_changes</c> and stores it on the report — and this watch compares each consented grant
/// with its report: where the status differs from the one the party last heard of, it records a notice, puts it in the
/// party's inbox and queues a webhook delivery, and moves the grant's known status, in one transaction and
/// conditionally on the status it read, so two nodes (or a rerun) never notify twice.
/// </summary>
public sealed class ChangeWatch(PlatformClock clock, ILogger<ChangeWatch>? logger = null)
{
    private const int GrantsPerRound = 500;

    public async Task<int> RunAsync(CreditProofDbContext db, Notifier notifier, CancellationToken ct = default)
    {
        var now = clock.UtcNow;
        var changed = await db.PartyGrants.AsNoTracking()
            .Where(g => g.EndedAt == null && g.NotifyOnChange && g.ExpiresAt > now)
            .Join(db.IssuedReports, g => g.ReportId, r => r.Id, (g, r) => new { g.Id, g.RelyingPartyId, g.ReportNumber, g.KnownStatus, r.Status, r.StatusReason })
            .Where(x => x.Status != x.KnownStatus)
            .Take(GrantsPerRound)
            .ToListAsync(ct);
        var notified = 0;
        foreach (var c in changed)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var moved = await db.PartyGrants.Where(g => g.Id == c.Id && g.KnownStatus == c.KnownStatus)
                .ExecuteUpdateAsync(u => u.SetProperty(g => g.KnownStatus, c.Status), ct);
            if (moved == 0)
                continue;
            var party = await db.RelyingParties.AsNoTracking().SingleAsync(p => p.Id == c.RelyingPartyId, ct);
            var notice = new ChangeNotice
            {
                GrantId = c.Id, RelyingPartyId = c.RelyingPartyId, ReportNumber = c.ReportNumber, FromStatus = c.KnownStatus, ToStatus = c.Status,
                Reason = c.StatusReason is { Length: > 500 } r ? r[..500] : c.StatusReason, At = now,
            };
            db.ChangeNotices.Add(notice);
            await db.SaveChangesAsync(ct);
            var formatted = ReportNumbers.FormatNumber(c.ReportNumber);
            await notifier.NotifyAsync(RecipientKind.RelyingParty, c.RelyingPartyId.ToString(CultureInfo.InvariantCulture),
                ($"报告状态变更：{StatusZh(c.Status)}", $"Report status changed: {StatusName(c.Status)}"),
                ($"贵单位依赖的报告{formatted}状态由“{StatusZh(c.KnownStatus)}”变为“{StatusZh(c.Status)}”。{c.StatusReason}",
                 $"Report {formatted}, which you rely on, changed from {StatusName(c.KnownStatus)} to {StatusName(c.Status)}. {c.StatusReason}"),
                "notice:" + notice.Id.ToString(CultureInfo.InvariantCulture), ct);
            if (party.WebhookUrl is { } url)
            {
                db.WebhookDeliveries.Add(new WebhookDelivery
                {
                    RelyingPartyId = party.Id, NoticeId = notice.Id, Url = url, Body = WebhookBody(notice, c.Id), State = WebhookDeliveryState.Pending,
                    NextAttemptAt = now, CreatedAt = now,
                });
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            notified++;
        }

        if (notified > 0)
            logger?.LogInformation("Change notices: {Count} sent to relying parties", notified);
        return notified;
    }

    public static string StatusName(ReportStatus status) => ReportStatusNames.Name(status, expired: false);

    public static string StatusZh(ReportStatus status) => status switch
    {
        ReportStatus.Valid => "有效",
        ReportStatus.Suspended => "暂停使用（异议处理中）",
        ReportStatus.Superseded => "已失效（内容已变化）",
        ReportStatus.Revoked => "已撤销",
    };

    /// <summary>The webhook's JSON body (docs/relying-parties.md): the notice, never the report's content.</summary>
    public static string WebhookBody(ChangeNotice notice, Guid grantId) => JsonSerializer.Serialize(new
    {
        type = "report.status_changed",
        id = notice.Id,
        reportNumber = ReportNumbers.FormatNumber(notice.ReportNumber),
        grantId,
        from = StatusName(notice.FromStatus),
        to = StatusName(notice.ToStatus),
        reason = notice.Reason,
        at = notice.At,
    });
}

/// <summary>
/// The webhook signature: <c>CreditProof-Timestamp</c> (Unix seconds) and <c>CreditProof-Signature: sha256=&lt;hex&gt;</c>,
/// HMAC-SHA256 with the organisation's secret over <c>timestamp + "." + body</c>, so a receiver can refuse a replayed
/// old body as well as a forged one.
/// </summary>
public static class WebhookSignature
{
    public const string TimestampHeader = "CreditProof-Timestamp";
    public const string SignatureHeader = "CreditProof-Signature";

    public static string Compute(string secret, long timestamp, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "." + body)));

    /// <summary>What a receiver does: the signature matches (in constant time) and the timestamp is within the tolerance.</summary>
    public static bool Verify(string secret, string timestampHeader, string signatureHeader, string body, DateTimeOffset now, TimeSpan tolerance) =>
        long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp)
        && Math.Abs(now.ToUnixTimeSeconds() - timestamp) <= tolerance.TotalSeconds
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Compute(secret, timestamp, body)), Encoding.ASCII.GetBytes(signatureHeader));
}

/// <summary>
/// Posts queued change notices to the parties' webhooks: each try is logged (<see cref="WebhookAttempt"/>); a 2xx answer
/// delivers; anything else retries after 30 s, 1, 2, 4 … minutes, up to <see cref="MaxAttempts"/> tries, then the
/// delivery is abandoned (the notice stays in the inbox). A delivery is leased before its try, so two nodes do not post it twice at once.
/// </summary>
public sealed class WebhookSender(HttpClient http, PlatformClock clock, ILogger<WebhookSender>? logger = null)
{
    public const int MaxAttempts = 8;
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    public static TimeSpan Backoff(int attemptsMade) => FirstRetry * Math.Pow(2, Math.Max(0, attemptsMade - 1));

    public async Task<int> DeliverDueAsync(CreditProofDbContext db, RelyingPartyRegistry registry, CancellationToken ct = default)
    {
        var now = clock.UtcNow;
        var due = await db.WebhookDeliveries.AsNoTracking().Where(d => d.State == WebhookDeliveryState.Pending && d.NextAttemptAt <= now)
            .OrderBy(d => d.NextAttemptAt).Take(50).ToListAsync(ct);
        var delivered = 0;
        foreach (var delivery in due)
        {
            var leased = await db.WebhookDeliveries.Where(d => d.Id == delivery.Id && d.State == WebhookDeliveryState.Pending && d.NextAttemptAt == delivery.NextAttemptAt)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.NextAttemptAt, now + Lease), ct);
            if (leased == 0)
                continue;
            var party = await db.RelyingParties.AsNoTracking().SingleAsync(p => p.Id == delivery.RelyingPartyId, ct);
            var attempt = delivery.Attempts + 1;
            int? status = null;
            string? error = null;
            var watch = Stopwatch.StartNew();
            try
            {
                if (party.WebhookSecret is null)
                    throw new InvalidOperationException("the organisation has no webhook secret any more");
                var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
                using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json") };
                request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
                request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Compute(registry.WebhookSecretOf(party), timestamp, delivery.Body));
                request.Headers.Add("CreditProof-Delivery", delivery.Id.ToString(CultureInfo.InvariantCulture));
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(10));
                using var response = await http.SendAsync(request, timeout.Token);
                status = (int)response.StatusCode;
                if (!response.IsSuccessStatusCode)
                    error = $"HTTP {status}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException && !ct.IsCancellationRequested)
            {
                error = e.Message.Length > 500 ? e.Message[..500] : e.Message;
            }

            var ok = error is null;
            db.WebhookAttempts.Add(new WebhookAttempt
            {
                DeliveryId = delivery.Id, Attempt = attempt, At = now, StatusCode = status, Error = error, DurationMs = (int)watch.ElapsedMilliseconds,
            });
            var tracked = await db.WebhookDeliveries.SingleAsync(d => d.Id == delivery.Id, ct);
            tracked.Attempts = attempt;
            tracked.State = ok ? WebhookDeliveryState.Delivered : attempt >= MaxAttempts ? WebhookDeliveryState.Abandoned : WebhookDeliveryState.Pending;
            tracked.DeliveredAt = ok ? clock.UtcNow : null;
            tracked.NextAttemptAt = ok ? tracked.NextAttemptAt : clock.UtcNow + Backoff(attempt);
            await db.SaveChangesAsync(ct);
            if (ok)
                delivered++;
            else
                logger?.LogWarning("Webhook delivery {Delivery} to relying party {Party} failed (try {Attempt} of {Max}): {Error}", delivery.Id, party.Id, attempt, MaxAttempts, error);
        }

        return delivered;
    }
}
