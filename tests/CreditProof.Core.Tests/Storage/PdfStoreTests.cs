using System.Security.Cryptography;
using CreditProof.Reports;
using CreditProof.Storage;
using CreditProof.Tests.Cli;
using CreditProof.Tests.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Tests.Storage;

/// <summary>
/// Issue 19 item 4, on both databases: a report's PDF lives in the content-addressed store (hash and length in the row),
/// is read back byte for byte with its hash checked, a damaged or missing file is refused, a crash between file and
/// row leaves only an orphan, backup and restore carry the files, and an older database's PDFs move out at migrate.
/// </summary>
[Trait("Category", "Database")]
public sealed class PdfStoreTests : IAsyncLifetime
{
    private readonly ReportFixture _fixture = new();

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    private PdfStore Store => _fixture.Services.GetRequiredService<PdfStore>();

    private async Task<IssuedReportResult> IssueAsync(string name)
    {
        var subject = await _fixture.AddSubjectAsync(name);
        return await _fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code, RequestedBy = "test" });
    }

    private async Task<IssuedReport> RowAsync(IssuedReportResult report)
    {
        await using var db = _fixture.Database.CreateContext();
        var number = ReportNumbers.ParseNumber(report.ReportNumber);
        return await db.IssuedReports.AsNoTracking().SingleAsync(r => r.Number == number);
    }

    private async Task<byte[]?> DownloadAsync(IssuedReportResult report)
    {
        await using var scope = _fixture.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReportIssuer>().GetPdfAsync(report.ReportNumber);
    }

    [Fact]
    public async Task An_issued_report_has_its_file_named_by_its_hash_and_downloads_the_same_bytes()
    {
        var report = await IssueAsync("文件存储测试有限公司");
        var row = await RowAsync(report);
        var path = Path.Combine(_fixture.Database.Settings.PdfStoreDirectory, row.PdfSha256[..2], row.PdfSha256[2..4], row.PdfSha256 + ".pdf");
        Assert.Equal(path, Store.PathFor(row.PdfSha256));
        Assert.True(File.Exists(path), path);
        Assert.Equal(row.PdfSha256, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(path))));
        Assert.Equal(report.Pdf.LongLength, row.PdfLength);
        Assert.Equal(report.Pdf, await DownloadAsync(report));
        Assert.DoesNotContain(Store.Files(), f => f.Sha256 is null);
    }

    [Fact]
    public async Task Writing_the_same_bytes_again_is_idempotent_and_a_damaged_file_is_never_overwritten()
    {
        var bytes = "%PDF-1.7\nidempotent\n"u8.ToArray();
        var first = await Store.PutAsync(bytes);
        var again = await Store.PutAsync(bytes);
        Assert.Equal(first, again);
        Assert.Single(Store.Files(), f => f.Sha256 == first);
        Assert.DoesNotContain(Store.Files(), f => f.Sha256 is null);

        await File.WriteAllBytesAsync(Store.PathFor(first), "%PDF-1.7\nidempotenX\n"u8.ToArray());
        var refused = await Assert.ThrowsAsync<PdfFileException>(() => Store.PutAsync(bytes));
        Assert.Equal(PdfFileProblem.Damaged, refused.Problem);
        Assert.Equal("%PDF-1.7\nidempotenX\n"u8.ToArray(), await File.ReadAllBytesAsync(Store.PathFor(first)));
    }

    [Fact]
    public async Task A_tampered_or_missing_file_is_refused_with_a_bilingual_reason_and_verify_names_the_report()
    {
        var tampered = await IssueAsync("篡改文件测试有限公司");
        var missing = await IssueAsync("缺失文件测试有限公司");
        var intact = await IssueAsync("完好文件测试有限公司");
        var tamperedPath = Store.PathFor(tampered.PdfSha256);
        var bytes = await File.ReadAllBytesAsync(tamperedPath);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(tamperedPath, bytes);
        File.Delete(Store.PathFor(missing.PdfSha256));

        var damaged = await Assert.ThrowsAsync<PdfFileException>(() => DownloadAsync(tampered));
        Assert.Equal(PdfFileProblem.Damaged, damaged.Problem);
        Assert.Equal(tampered.ReportNumber, damaged.ReportNumber);
        Assert.Contains("报告的PDF文件暂时无法提供", damaged.MessageZh, StringComparison.Ordinal);
        Assert.Contains("cannot be provided", damaged.MessageEn, StringComparison.Ordinal);
        Assert.Equal(PdfFileProblem.Missing, (await Assert.ThrowsAsync<PdfFileException>(() => DownloadAsync(missing))).Problem);
        await File.WriteAllBytesAsync(tamperedPath, bytes[..^1]);
        Assert.Equal(PdfFileProblem.Damaged, (await Assert.ThrowsAsync<PdfFileException>(() => DownloadAsync(tampered))).Problem);
        Assert.Equal(intact.Pdf, await DownloadAsync(intact));

        var work = Directory.CreateTempSubdirectory("creditproof-pdfs").FullName;
        var verify = await CliRunner.RunAsync(_fixture.Database.Settings, work, "pdfs", "verify");
        Assert.Equal(2, verify.ExitCode);
        Assert.Contains("3 checked, 1 intact", verify.Output, StringComparison.Ordinal);
        Assert.Contains(tampered.ReportNumber + " damaged", verify.Error, StringComparison.Ordinal);
        Assert.Contains(missing.ReportNumber + " missing", verify.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(intact.ReportNumber, verify.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_process_killed_after_the_file_and_before_the_row_leaves_only_an_orphan_that_gc_removes()
    {
        var subject = await _fixture.AddSubjectAsync("崩溃测试有限公司");
        var work = Directory.CreateTempSubdirectory("creditproof-pdfs").FullName;
        var killed = await CliRunner.RunAsync(_fixture.Database.Settings, work, new Dictionary<string, string> { ["CREDITPROOF_FAULT_AT"] = Faults.AfterPdfStored },
            "report", "issue", "--subject", subject.Code);
        Assert.NotEqual(0, killed.ExitCode);
        Assert.Contains(Faults.AfterPdfStored, killed.Error, StringComparison.Ordinal);
        await using (var db = _fixture.Database.CreateContext())
            Assert.False(await db.IssuedReports.AnyAsync(r => r.SubjectId == subject.Id));
        var orphan = Assert.Single(Store.Files());
        Assert.NotNull(orphan.Sha256);
        var kept = await IssueAsync("孤立文件对照有限公司");

        // A fresh orphan is left alone (a report being issued writes its file before its row); a day later gc lists it, then removes it.
        var young = await CliRunner.RunAsync(_fixture.Database.Settings, work, "pdfs", "gc");
        Assert.Contains("0 orphan file(s)", young.Output, StringComparison.Ordinal);
        foreach (var file in Store.Files())
            File.SetLastWriteTimeUtc(file.Path, DateTime.UtcNow.AddDays(-2));
        var listed = await CliRunner.RunAsync(_fixture.Database.Settings, work, "pdfs", "gc");
        Assert.True(listed.ExitCode == 0, listed.Output + listed.Error);
        Assert.Contains("1 orphan file(s)", listed.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(orphan.Path));
        var removed = await CliRunner.RunAsync(_fixture.Database.Settings, work, "pdfs", "gc", "--delete");
        Assert.Contains("removed " + orphan.Path, removed.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(orphan.Path));
        Assert.Equal(kept.Pdf, await DownloadAsync(kept));
    }

    [Fact]
    public async Task Backup_copies_each_file_once_and_restore_checks_every_hash_and_brings_back_missing_and_damaged_files()
    {
        var reports = new[] { await IssueAsync("备份文件甲有限公司"), await IssueAsync("备份文件乙有限公司") };
        var work = Directory.CreateTempSubdirectory("creditproof-pdfs").FullName;
        var settings = _fixture.Database.Settings;
        var first = await CliRunner.RunAsync(settings, work, "backup", "--out", Path.Combine(work, "one.backup"));
        Assert.True(first.ExitCode == 0, first.Output + first.Error);
        Assert.Contains("2 reports, 2 files copied now", first.Output, StringComparison.Ordinal);
        var third = await IssueAsync("备份文件丙有限公司");
        var second = await CliRunner.RunAsync(settings, work, "backup", "--out", Path.Combine(work, "two.backup"));
        Assert.Contains("3 reports, 1 files copied now", second.Output, StringComparison.Ordinal);
        var backupStore = new PdfStore(Path.Combine(work, "pdfs"));
        Assert.Equal(3, backupStore.Files().Count(f => f.Sha256 is not null));

        // The live store loses one file and another is altered; the database is restored from the second backup.
        File.Delete(Store.PathFor(reports[0].PdfSha256));
        var damagedPath = Store.PathFor(third.PdfSha256);
        await File.WriteAllBytesAsync(damagedPath, "%PDF-1.7\nnot the signed file\n"u8.ToArray());
        var restored = await CliRunner.RunAsync(settings, work, "restore", "--from", Path.Combine(work, "two.backup"), "--yes");
        Assert.True(restored.ExitCode == 0, restored.Output + restored.Error);
        Assert.Contains("3 checked by hash, 2 restored", restored.Output, StringComparison.Ordinal);
        foreach (var report in reports.Append(third))
            Assert.Equal(report.Pdf, await DownloadAsync(report));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(damagedPath)!, "*.damaged-*"));
        var verify = await CliRunner.RunAsync(settings, work, "pdfs", "verify");
        Assert.True(verify.ExitCode == 0, verify.Output + verify.Error);

        // A file gone from both the store and the backup: the restore says which report, and fails.
        File.Delete(Store.PathFor(reports[1].PdfSha256));
        File.Delete(backupStore.PathFor(reports[1].PdfSha256));
        var incomplete = await CliRunner.RunAsync(settings, work, "restore", "--from", Path.Combine(work, "two.backup"), "--yes");
        Assert.Equal(2, incomplete.ExitCode);
        Assert.Contains(reports[1].ReportNumber + " missing", incomplete.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_moves_the_PDFs_of_an_older_database_to_the_store_and_drops_the_column()
    {
        var reports = new List<IssuedReportResult>();
        for (var i = 0; i < 3; i++)
            reports.Add(await IssueAsync($"迁移测试{i}有限公司"));

        // An older database once migrate has added the length column: PDFs in issued_reports."Pdf", lengths 0, no files.
        // (Only the column's own migration is undone: on SQLite, undoing PdfFileStore rebuilds the table from an older
        // migration's model, which lacks later columns; upgrading never does that.)
        await using (var db = _fixture.Database.CreateContext())
        {
            var added = db.Database.GetMigrations().Single(m => m.EndsWith("_" + PdfColumnMigration.AddLengthMigration, StringComparison.Ordinal));
            await db.GetService<IMigrator>().MigrateAsync(added);
            foreach (var report in reports)
            {
                var number = ReportNumbers.ParseNumber(report.ReportNumber)!;
                await db.Database.ExecuteSqlAsync($"UPDATE issued_reports SET \"Pdf\" = {report.Pdf}, \"PdfLength\" = 0 WHERE \"Number\" = {number}");
            }
        }

        Directory.Delete(_fixture.Database.Settings.PdfStoreDirectory, recursive: true);

        await using (var db = _fixture.Database.CreateContext())
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => CreditProofDatabase.MigrateAsync(db));
            var result = await CreditProofDatabase.MigrateAsync(db, Store);
            Assert.Equal(new PdfColumnMigrationResult(3, 0), result.Pdfs);
            Assert.Contains(result.AppliedMigrations, m => m.EndsWith("_" + PdfColumnMigration.DropColumnMigration, StringComparison.Ordinal));
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(new PdfColumnMigrationResult(0, 0), (await CreditProofDatabase.MigrateAsync(db, Store)).Pdfs);
        }

        foreach (var report in reports)
        {
            var row = await RowAsync(report);
            Assert.Equal(report.Pdf.LongLength, row.PdfLength);
            Assert.True(File.Exists(Store.PathFor(row.PdfSha256)));
            Assert.Equal(report.Pdf, await DownloadAsync(report));
        }

        await using (var db = _fixture.Database.CreateContext())
            Assert.Equal(3, (await PdfStoreCheck.VerifyAsync(db, Store)).Rows);
        await using (var db = _fixture.Database.CreateContext())
            Assert.Empty((await PdfStoreCheck.VerifyAsync(db, Store)).Problems);
    }
}
