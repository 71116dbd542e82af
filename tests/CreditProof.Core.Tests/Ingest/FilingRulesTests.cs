using CreditProof.Units;
using Microsoft.EntityFrameworkCore;
using static CreditProof.Tests.Ingest.IngestTestKit;

namespace CreditProof.Tests.Ingest;

/// <summary>A unit files only its domain's record types, and only under its own name or an authority registered to it.</summary>
[Trait("Category", "Database")]
public sealed class FilingRulesTests : IAsyncLifetime
{
    private const string Tax = "11140000MB1943006W";
    private readonly TestDatabase _database = new();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await using var db = _database.CreateContext();
        await RegisterSampleUnitsAsync(db);
        db.Units.Add(new DataSourceUnit
        {
            CreditCode = Tax, Name = "国家税务总局山西省税务局", DomainId = (await Domain(db, "taxation")).Id, Level = AdministrativeLevel.Province, RegionCode = "140000",
        });
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task The_tax_bureau_cannot_file_a_criminal_judgment_by_the_high_court()
    {
        var path = WriteScratch("criminal.csv", Csv(
            "XS_XDR_MC,XS_XDR_SHXYM,XS_AH,XS_ZM,XS_PJJG,XS_PJFY,XS_PJRQ,XS_SJLY,XS_SJLYDM",
            $"太原晋阳商贸有限公司,91140105MA0K12348G,（2025）晋刑终1号,虚开增值税专用发票罪,判处罚金人民币30万元,山西省高级人民法院,2025-06-02,国家税务总局山西省税务局,{Tax}"));

        var result = await ImportAsync(_database, path, unit: Tax);

        Assert.Equal((0, 1), (result.Batch.Accepted, result.Batch.Rejected));
        var errors = File.ReadAllText(result.ErrorReportCsv!);
        Assert.Contains("record_type_not_of_unit", errors, StringComparison.Ordinal);
        Assert.Contains("国家税务总局山西省税务局（税务领域）不能报送刑事裁判记录", errors, StringComparison.Ordinal);
        Assert.Contains("may not file criminal judgment records", errors, StringComparison.Ordinal);
        Assert.Contains("authority_not_of_unit", errors, StringComparison.Ordinal);
        Assert.Contains("XS_PJFY,山西省高级人民法院", errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MarketRegulation, "山西省高级人民法院", false)]
    [InlineData(MarketRegulation, "山西省市场监督管理局", true)]
    [InlineData(Tax, "山西省市场监督管理局", false)]
    public async Task A_penalty_is_accepted_only_under_the_units_own_name(string unit, string authority, bool accepted)
    {
        var path = WriteScratch("penalty.csv", Csv(
            "CF_XDR_MC,CF_XDR_SHXYM,CF_WSH,CF_CFLB,CF_NR,CF_JDRQ,CF_CFJG,CF_SJLYDM",
            $"太原晋阳商贸有限公司,91140105MA0K12348G,晋罚〔2025〕77号,警告,警告,2025-06-02,{authority},{unit}"));

        var result = await ImportAsync(_database, path, unit: unit);

        Assert.True(accepted == (result.Batch.Accepted == 1), result.ErrorReportCsv is null ? "" : File.ReadAllText(result.ErrorReportCsv));
        if (!accepted)
            Assert.Contains("authority_not_of_unit", File.ReadAllText(result.ErrorReportCsv!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Courts_file_no_administrative_penalties_and_a_high_court_files_for_its_registered_courts()
    {
        var penalty = WriteScratch("penalty.csv", Csv(
            "CF_XDR_MC,CF_XDR_SHXYM,CF_WSH,CF_CFLB,CF_NR,CF_JDRQ,CF_CFJG,CF_SJLYDM",
            $"太原晋阳商贸有限公司,91140105MA0K12348G,晋法罚〔2025〕1号,罚款,罚款,2025-06-02,山西省高级人民法院,{Court}"));
        var listing = Scratch(Path.Combine(SamplesDirectory, "dishonesty.ndjson"));

        var refused = await ImportAsync(_database, penalty, unit: Court);
        var listed = await ImportAsync(_database, listing);

        Assert.Contains("record_type_not_of_unit", File.ReadAllText(refused.ErrorReportCsv!), StringComparison.Ordinal);
        Assert.Equal((2, 0), (listed.Batch.Accepted, listed.Batch.Rejected));
        await using var db = _database.CreateContext();
        Assert.Equal(["大同市中级人民法院", "太原市中级人民法院"],
            (await db.Records.Where(r => r.BatchId == listed.Batch.Id).Select(r => r.AuthorityName).ToListAsync()).Order(StringComparer.Ordinal));
    }
}
