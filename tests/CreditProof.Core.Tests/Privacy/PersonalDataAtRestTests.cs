#pragma warning disable EF1002 // the scan builds SQL from the model's own table and column names
using CreditProof.Identifiers;
using CreditProof.Platform;
using CreditProof.Privacy;
using CreditProof.Storage;
using CreditProof.Subjects;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using static CreditProof.Tests.Ingest.IngestTestKit;

namespace CreditProof.Tests.Privacy;

/// <summary>No full ID number in any table, on both databases: natural persons by blind index and ciphertext, text masked.</summary>
[Trait("Category", "Database")]
public sealed class PersonalDataAtRestTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly string PersonId = ResidentId.Compose("140105", new DateOnly(1979, 4, 12), 217);
    private static readonly string OtherId = ResidentId.Compose("140106", new DateOnly(1990, 8, 1), 33);

    [Fact]
    public async Task A_person_and_numbers_typed_into_records_are_stored_without_any_full_id_number()
    {
        // A penalty on a natural person whose decision number and facts also carry ID numbers.
        var path = WriteScratch("person-penalty.csv", Csv(
            "CF_XDR_MC,CF_XDR_LB,CF_XDR_SHXYM,CF_XDR_ZJHM,CF_WSH,CF_CFLB,CF_NR_FK,CF_JDRQ,CF_CFJG,CF_SJLYDM,CF_SY",
            $"张晓明,自然人,,{PersonId},晋罚〔2025〕{OtherId}号,罚款,0.5,2025-03-05,山西省市场监督管理局,11140000MB1234562G,当事人（身份证{PersonId}）无证经营"));
        var result = await ImportAsync(database, path);
        Assert.True(result.Batch.Accepted == 1, result.ErrorReportCsv is null ? "" : await File.ReadAllTextAsync(result.ErrorReportCsv));

        await using var db = database.CreateContext();
        var person = await db.Subjects.AsNoTracking().SingleAsync(s => s.Name == "张晓明");
        Assert.True(PersonalDataKeys.IsBlindIndex(person.Code), person.Code);
        Assert.Equal(ResidentId.Mask(PersonId), person.MaskedCode);
        Assert.Equal(ResidentId.Mask(PersonId), person.DisplayCode);
        Assert.Equal(PersonId, database.Keys.Decrypt(person.IdNumberCiphertext!));
        Assert.Equal(person.Code, database.Keys.StorageCode(PersonId.ToLowerInvariant()));

        // Found by the number, as the window and sign-in find people.
        var directory = new SubjectDirectory(db, new PlatformClock(new FixedTime(Now)), new PlatformOptions(), database.Keys);
        Assert.Equal(person.Id, await directory.FindIdAsync(PersonId));
        Assert.Equal(person.Id, (await directory.SearchAsync(PersonId)).Single().Id);
        var (signedIn, refusal) = await directory.SignInAsync(new VerifiedIdentity(null, PersonId, "张晓明"));
        Assert.Null(refusal);
        Assert.Equal(person.Id, signedIn!.Id);

        await AssertNoFullIdAnywhereAsync(db, PersonId, OtherId);
    }

    [Fact]
    public async Task A_database_written_before_protection_is_migrated_in_place_and_keeps_no_plaintext_page()
    {
        var legacyId = ResidentId.Compose("140107", new DateOnly(1966, 2, 2), 71);
        var subjectId = Guid.NewGuid();
        await using (var db = database.CreateContext())
        {
            // As the old code wrote it: the number as the code, and in a subject change's text, past the interceptors.
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            await using var insert = connection.CreateCommand();
            var guid = TestDatabase.Provider == DatabaseProvider.Postgres ? $"'{subjectId}'" : $"'{subjectId.ToString().ToUpperInvariant()}'";
            insert.CommandText = $"INSERT INTO subjects (\"Id\", \"Code\", \"Name\", \"Type\", \"RegionCode\", \"CreatedAt\", \"InRegister\") VALUES ({guid}, '{legacyId}', '旧数据 {legacyId}', 9, '140107', '2025-01-01 00:00:00', {(TestDatabase.Provider == DatabaseProvider.Postgres ? "false" : "0")})";
            await insert.ExecuteNonQueryAsync();
        }

        await using (var db = database.CreateContext())
        {
            var result = await PersonalDataMigration.RunAsync(db, database.Keys, TimeProvider.System);
            Assert.True(result.PeopleProtected >= 1);
            var migrated = await db.Subjects.AsNoTracking().SingleAsync(s => s.Id == subjectId);
            Assert.True(PersonalDataKeys.IsBlindIndex(migrated.Code));
            Assert.Equal(legacyId, database.Keys.Decrypt(migrated.IdNumberCiphertext!));
            Assert.Equal("旧数据 " + ResidentId.Mask(legacyId), migrated.Name);
            await AssertNoFullIdAnywhereAsync(db, legacyId);

            // Idempotent.
            var again = await PersonalDataMigration.RunAsync(db, database.Keys, TimeProvider.System);
            Assert.Equal((0, true), (again.PeopleProtected, again.TextAlreadyDone));
        }

        if (TestDatabase.Provider == DatabaseProvider.Sqlite)
        {
            // The file itself (secure_delete, then VACUUM): not even a free page holds the old number.
            SqliteConnection.ClearAllPools();
            var file = new SqliteConnectionStringBuilder(database.Settings.ConnectionString).DataSource;
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.Equal(-1, bytes.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(legacyId)));
        }
    }

    /// <summary>Reads every text column of every table (version snapshots, batches, audit entries…) and fails on a full number.</summary>
    internal static async Task AssertNoFullIdAnywhereAsync(CreditProofDbContext db, params string[] ids)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        foreach (var type in db.Model.GetEntityTypes().Where(t => t.BaseType is null && t.GetTableName() is not null))
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{type.GetTableName()}\"";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                for (var i = 0; i < reader.FieldCount; i++)
                    if (reader.GetValue(i) is string text)
                        foreach (var id in ids)
                            Assert.False(text.Contains(id, StringComparison.OrdinalIgnoreCase), $"{type.GetTableName()}.{reader.GetName(i)} holds a full ID number: {ResidentId.MaskAll(text)}");
        }
    }
}
