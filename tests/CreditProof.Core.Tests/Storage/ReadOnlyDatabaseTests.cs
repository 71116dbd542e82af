using CreditProof.Reports;
using CreditProof.Reports.Lifecycle;
using CreditProof.Storage;
using CreditProof.Tests.Reports;
using CreditProof.Verification;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CreditProof.Tests.Storage;

/// <summary>Issue 19, item 6: the reads that may go to a standby never write, on either database.</summary>
[Trait("Category", "Database")]
public sealed class ReadOnlyDatabaseTests(ReportFixture fixture) : IClassFixture<ReportFixture>
{
    [Fact]
    public async Task Without_a_standby_reads_go_to_the_primary_and_never_write()
    {
        var subject = await fixture.AddSubjectAsync("只读连接测试有限公司");
        var issued = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code, RequestedBy = "test" });
        await using var scope = fixture.Services.CreateAsyncScope();
        var reads = scope.ServiceProvider.GetRequiredService<ReadOnlyDatabase>();

        Assert.False(reads.HasStandby);
        var number = ReportNumbers.ParseNumber(issued.ReportNumber);
        Assert.True(await reads.Context.IssuedReports.AnyAsync(r => r.Number == number));

        reads.Context.Set<RateCounter>().Add(new RateCounter { Key = "read-only-test", WindowStart = 1, Count = 1 });
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => reads.Context.SaveChangesAsync());
        Assert.Contains("never writes", refused.Message, StringComparison.Ordinal);
        if (reads.Context.Database.IsNpgsql())
        {
            // Past EF Core's SaveChanges too: the server refuses any write of a read-only connection (25006).
            var server = await Assert.ThrowsAsync<PostgresException>(() => reads.Context.Database.ExecuteSqlRawAsync("DELETE FROM rate_counters"));
            Assert.Equal(PostgresErrorCodes.ReadOnlySqlTransaction, server.SqlState);
        }

        // The scope's own context still writes to the primary.
        var primary = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        primary.Set<RateCounter>().Add(new RateCounter { Key = "read-only-test", WindowStart = 2, Count = 1 });
        await primary.SaveChangesAsync();
        Assert.True(await reads.Context.Set<RateCounter>().AnyAsync(c => c.Key == "read-only-test" && c.WindowStart == 2));
    }

    [Fact]
    public void A_standby_needs_postgresql()
    {
        var e = Assert.Throws<InvalidOperationException>(() => CreditProofDatabase.Settings("sqlite", null, Path.GetTempPath(), readOnlyConnectionString: "Host=127.0.0.1;Port=5602"));
        Assert.Contains("CreditProofReadOnly", e.Message, StringComparison.Ordinal);
        var settings = CreditProofDatabase.Settings("postgres", "Host=a,b;Target Session Attributes=primary", Path.GetTempPath(), readOnlyConnectionString: "Host=a,b;Target Session Attributes=prefer-standby");
        Assert.Equal("Host=a,b;Target Session Attributes=prefer-standby", settings.ReadOnlyConnectionString);
        Assert.Null(CreditProofDatabase.Settings("postgres", "Host=a", Path.GetTempPath(), readOnlyConnectionString: " ").ReadOnlyConnectionString);
    }

    [Fact]
    public void A_database_that_cannot_be_reached_is_unavailable_and_a_broken_rule_is_not()
    {
        Assert.True(CreditProofDatabase.IsUnavailable(new NpgsqlException("Failed to connect to 127.0.0.1:5601")));
        Assert.True(CreditProofDatabase.IsUnavailable(new DbUpdateException("save failed", new NpgsqlException("Exception while reading from stream"))));
        Assert.True(CreditProofDatabase.IsUnavailable(new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", PostgresErrorCodes.AdminShutdown)));
        Assert.True(CreditProofDatabase.IsUnavailable(new PostgresException("cannot execute INSERT in a read-only transaction", "ERROR", "ERROR", PostgresErrorCodes.ReadOnlySqlTransaction)));
        Assert.False(CreditProofDatabase.IsUnavailable(new PostgresException("duplicate key", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation)));
        Assert.False(CreditProofDatabase.IsUnavailable(new InvalidOperationException("a bug")));
    }
}

/// <summary>
/// Issue 19, item 6: a standby that lags (here a copy of the embedded database taken before the second report was
/// issued) answers what it has, and a report not on it yet is read again on the primary: a report issued a moment ago
/// is never "not found". The same rule on a real streaming standby runs in the failover drill (ReplicaDrillTests).
/// </summary>
public sealed class ReadOnlyFallbackTests(ReportFixture fixture) : IClassFixture<ReportFixture>, IDisposable
{
    private readonly string _standby = Path.Combine(Path.GetTempPath(), "cp_standby_" + Guid.NewGuid().ToString("N")[..12] + ".db");

    [Fact]
    public async Task A_report_not_yet_on_the_standby_is_found_on_the_primary_and_one_on_it_is_read_there()
    {
        if (TestDatabase.Provider != DatabaseProvider.Sqlite)
            return; // The lagging copy is a file copy of the embedded database; on PostgreSQL the drill covers it.
        var subject = await fixture.AddSubjectAsync("备库滞后测试有限公司");
        var old = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code, RequestedBy = "test" });
        await using (var db = fixture.Database.CreateContext())
            await db.Database.ExecuteSqlRawAsync("VACUUM INTO {0}", _standby);
        var fresh = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code, RequestedBy = "test" });
        await using (var db = fixture.Database.CreateContext())
            Assert.True(await ReportRevocation.RevokeAsync(db, old.ReportNumber, "主库上撤销", "operator", fixture.Time.GetUtcNow().UtcDateTime));

        var settings = new DatabaseSettings
        {
            Provider = DatabaseProvider.Sqlite,
            ConnectionString = fixture.Database.Settings.ConnectionString,
            ReadOnlyConnectionString = $"Data Source={_standby};Pooling=False",
        };
        await using var services = ReportFixture.Build(settings, fixture.Time);
        await using var scope = services.CreateAsyncScope();
        var reads = scope.ServiceProvider.GetRequiredService<ReadOnlyDatabase>();
        var verifier = scope.ServiceProvider.GetRequiredService<ReportVerifier>();
        Assert.True(reads.HasStandby);
        await scope.ServiceProvider.GetRequiredService<ReportStatusCache>().RefreshAsync(reads.Context);

        // The fresh report is only on the primary: found there, by number and code and by its QR (its status index is
        // beyond the standby's list, so the list is read again on the primary instead of answering "out of bounds").
        var byNumber = await verifier.VerifyNumberAsync(reads, fresh.ReportNumber, fresh.VerificationCode);
        Assert.True(byNumber.IsValid, byNumber.Message);
        var byQr = await verifier.VerifyQrAsync(fresh.QrText, reads);
        Assert.True(byQr.IsValid, byQr.StatusReason ?? byQr.Message);
        Assert.False(byQr.StatusOutOfBounds);

        // The old report is on the standby, which answers by itself: the revocation on the primary has not reached it.
        var stale = await verifier.VerifyNumberAsync(reads, old.ReportNumber, old.VerificationCode);
        Assert.Equal(ReportStatus.Valid, stale.Status);
        var primary = await verifier.VerifyNumberAsync(fixture.Services.CreateAsyncScope().ServiceProvider.GetRequiredService<ReadOnlyDatabase>(), old.ReportNumber, old.VerificationCode);
        Assert.Equal(ReportStatus.Revoked, primary.Status);

        // Nowhere: the same answer as ever, after both reads.
        Assert.Same(VerificationOutcome.NotFound, await verifier.VerifyNumberAsync(reads, ReportNumbers.NewNumber(), fresh.VerificationCode));
        Assert.Same(VerificationOutcome.NotFound, await verifier.VerifyNumberAsync(reads, fresh.ReportNumber, ReportNumbers.NewVerificationCode()));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_standby);
    }
}
