using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CreditProof.Ingest;
using CreditProof.Records;
using CreditProof.Storage;
using CreditProof.Units;
using CreditProof.Web.Ingest;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Web.Tests.Ingest;

/// <summary>The web host on a fresh, migrated SQLite file, with two units (A: market regulation, B: ecology) and a key each.</summary>
public sealed class RecordsApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string UnitA = "11140000MB1234562G";
    public const string UnitB = "11140100MB2233449J";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cp_api_" + Guid.NewGuid().ToString("N")[..10]);

    public DatabaseSettings Settings { get; private set; } = null!;

    public string KeyA { get; private set; } = "";

    public string KeyB { get; private set; } = "";

    public int RowLimit => 5;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        Settings = new DatabaseSettings { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(_directory, "api.db")};Pooling=False" };
        await using var db = CreditProofDatabase.CreateContext(Settings);
        await CreditProofDatabase.MigrateAsync(db);
        var market = await db.Domains.SingleAsync(d => d.Code == "market-regulation");
        var ecology = await db.Domains.SingleAsync(d => d.Code == "ecology-environment");
        db.Units.Add(new DataSourceUnit { CreditCode = UnitA, Name = "山西省市场监督管理局", DomainId = market.Id, Level = AdministrativeLevel.Province, RegionCode = "140000" });
        db.Units.Add(new DataSourceUnit { CreditCode = UnitB, Name = "太原市生态环境局", DomainId = ecology.Id, Level = AdministrativeLevel.Prefecture, RegionCode = "140100" });
        await db.SaveChangesAsync();
        var keys = new UnitApiKeys(db, TimeProvider.System);
        KeyA = (await keys.IssueAsync(UnitA, "test", "A")).Key;
        KeyB = (await keys.IssueAsync(UnitB, "test", "B")).Key;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:Provider", "sqlite");
        builder.UseSetting("ConnectionStrings:CreditProof", Settings.ConnectionString);
        builder.UseSetting("Ingest:ApiRowLimit", RowLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Ingest:Api:RequestsPerMinute", "1000");
    }

    public HttpClient ClientFor(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("Authorization", "ApiKey " + key);
        return client;
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

[Trait("Category", "Database")]
public sealed class RecordsApiTests(RecordsApiFactory factory) : IClassFixture<RecordsApiFactory>
{
    private static Dictionary<string, object?> Penalty(string document, string unit, decimal fine = 1.5m) => new Dictionary<string, object?>
    {
        ["CF_XDR_MC"] = "太原晋阳商贸有限公司",
        ["CF_XDR_SHXYM"] = "91140105MA0K12348G",
        ["CF_WSH"] = document,
        ["CF_CFLB"] = "罚款",
        ["CF_NR_FK"] = fine,
        ["CF_JDRQ"] = "2025-03-05",
        // A unit files under its own name (FilingRules, authority_not_of_unit).
        ["CF_CFJG"] = unit == RecordsApiFactory.UnitA ? "山西省市场监督管理局" : "太原市生态环境局",
        ["CF_SJLYDM"] = unit,
    };

    [Fact]
    public async Task A_unit_submits_records_and_gets_a_result_per_row()
    {
        using var client = factory.ClientFor(factory.KeyA);
        var bad = Penalty("API-2", RecordsApiFactory.UnitA);
        bad["CF_JDRQ"] = "2025-02-30";

        var response = await client.PostAsJsonAsync("/api/v1/records/penalty", new[] { Penalty("API-1", RecordsApiFactory.UnitA), bad });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var rows = json.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal("Created", rows[0].GetProperty("outcome").GetString());
        Assert.Equal("Rejected", rows[1].GetProperty("outcome").GetString());
        Assert.Equal("CF_JDRQ", rows[1].GetProperty("errors")[0].GetProperty("column").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("rejected").GetInt32());
    }

    [Fact]
    public async Task Unit_A_cannot_submit_records_of_unit_B()
    {
        using var client = factory.ClientFor(factory.KeyA);

        var response = await client.PostAsJsonAsync("/api/v1/records/penalty", new[] { Penalty("API-B-1", RecordsApiFactory.UnitB) });

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var row = json.RootElement.GetProperty("rows")[0];
        Assert.Equal("Rejected", row.GetProperty("outcome").GetString());
        Assert.Equal("unit_not_submitter", row.GetProperty("errors")[0].GetProperty("rule").GetString());
        await using var db = CreditProofDatabase.CreateContext(factory.Settings);
        Assert.False(await db.Records.AnyAsync(r => r.DocumentNumber == "API-B-1"));
    }

    [Fact]
    public async Task Unit_A_cannot_change_or_revoke_unit_Bs_record()
    {
        using var clientB = factory.ClientFor(factory.KeyB);
        using var clientA = factory.ClientFor(factory.KeyA);
        var created = await clientB.PostAsJsonAsync("/api/v1/records/penalty", new[] { Penalty("SHARED-7", RecordsApiFactory.UnitB, 2m), Penalty("B-ONLY-9", RecordsApiFactory.UnitB) });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);

        // A's row with the same document number is A's own record (the identity includes the unit): B's stays as it was.
        var sameNumber = await clientA.PostAsJsonAsync("/api/v1/records/penalty", new[] { Penalty("SHARED-7", RecordsApiFactory.UnitA, 9m) });
        var revoke = await clientA.PostAsJsonAsync("/api/v1/records/penalty/revocations", new RevokeRequest("B-ONLY-9", "test"));

        Assert.Equal(HttpStatusCode.OK, sameNumber.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, revoke.StatusCode);
        await using var db = CreditProofDatabase.CreateContext(factory.Settings);
        var unitB = await db.Units.SingleAsync(u => u.CreditCode == RecordsApiFactory.UnitB);
        var recordB = await db.Records.OfType<PenaltyRecord>().SingleAsync(r => r.UnitId == unitB.Id && r.DocumentNumber == "SHARED-7");
        Assert.Equal(2_000_000, recordB.FineFen);
        Assert.Equal(1, recordB.Version);
        Assert.Equal(LegalStatus.Effective, recordB.Status);
        Assert.Equal(LegalStatus.Effective, (await db.Records.SingleAsync(r => r.DocumentNumber == "B-ONLY-9")).Status);
    }

    [Fact]
    public async Task A_unit_revokes_its_own_record()
    {
        using var client = factory.ClientFor(factory.KeyA);
        await client.PostAsJsonAsync("/api/v1/records/penalty", new[] { Penalty("API-REVOKE-1", RecordsApiFactory.UnitA) });

        var response = await client.PostAsJsonAsync("/api/v1/records/penalty/revocations", new RevokeRequest("API-REVOKE-1", "决定被复议撤销"));
        var again = await client.PostAsJsonAsync("/api/v1/records/penalty/revocations", new RevokeRequest("API-REVOKE-1", "again"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task A_revoked_key_is_refused()
    {
        await using var db = CreditProofDatabase.CreateContext(factory.Settings);
        var keys = new UnitApiKeys(db, TimeProvider.System);
        var issued = await keys.IssueAsync(RecordsApiFactory.UnitA, "test", "to revoke");
        using var client = factory.ClientFor(issued.Key);
        var before = await client.PostAsJsonAsync("/api/v1/records/penalty", new[] { Penalty("API-KEY-1", RecordsApiFactory.UnitA) });

        Assert.True(await keys.RevokeAsync(issued.Prefix, "test"));
        var after = await client.PostAsJsonAsync("/api/v1/records/penalty", new[] { Penalty("API-KEY-2", RecordsApiFactory.UnitA) });

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.DoesNotContain(await db.UnitApiKeys.Select(k => k.Hash).ToListAsync(), h => h == issued.Key);
    }

    [Fact]
    public async Task A_request_without_a_key_is_refused()
    {
        using var client = factory.CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/records/penalty", new[] { Penalty("API-NOKEY", RecordsApiFactory.UnitA) });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task An_oversize_request_gets_413()
    {
        using var client = factory.ClientFor(factory.KeyA);
        var rows = Enumerable.Range(1, factory.RowLimit + 1).Select(i => Penalty($"API-BIG-{i}", RecordsApiFactory.UnitA)).ToArray();

        var response = await client.PostAsJsonAsync("/api/v1/records/penalty", rows);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await using var db = CreditProofDatabase.CreateContext(factory.Settings);
        Assert.False(await db.Records.AnyAsync(r => r.DocumentNumber.StartsWith("API-BIG-")));
    }

    [Fact]
    public async Task A_body_without_a_length_is_read_only_up_to_the_limit()
    {
        // No Content-Length (a stream of unknown length): the reader stops at the limit instead of buffering it all.
        var endless = new EndlessJsonStream();
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        http.Request.Body = endless;
        const long limit = 80 * 1024;

        var (body, problem) = await CreditProof.Web.Hosting.JsonRowsBody.ReadAsync(http.Request, limit, factory.RowLimit, CancellationToken.None);

        Assert.Null(body);
        Assert.Equal(413, problem!.StatusCode);
        Assert.InRange(endless.Served, limit, limit + (1 << 20));
    }

    /// <summary>A 50 MB array of rows, served as asked, without a length.</summary>
    private sealed class EndlessJsonStream : Stream
    {
        /// <summary>50 MB: far more than the limit; a reader that buffered it all would take all of it.</summary>
        public const long Total = 50L << 20;

        private static readonly byte[] Row = System.Text.Encoding.UTF8.GetBytes("{\"CF_WSH\":\"X\"},");

        public long Served { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => Served; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (Served >= Total)
                return 0;
            var n = 0;
            if (Served == 0 && count > 0)
                buffer[offset + n++] = (byte)'[';
            while (n < count && Served + n < Total)
            {
                buffer[offset + n] = Row[(Served + n) % Row.Length];
                n++;
            }

            Served += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public async Task The_records_api_is_described_in_OpenAPI()
    {
        using var client = factory.CreateClient();
        var document = await client.GetStringAsync("/openapi/records.json");
        Assert.Contains("/api/v1/records/{type}", document, StringComparison.Ordinal);
        Assert.Contains("/api/v1/records/{type}/revocations", document, StringComparison.Ordinal);
    }
}
