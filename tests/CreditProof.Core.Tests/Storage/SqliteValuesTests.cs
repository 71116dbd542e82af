using CreditProof.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using SQLitePCL;

namespace CreditProof.Tests.Storage;

/// <summary>The bulk writer's binding must store every value byte for byte as EF Core's own parameters would.</summary>
public sealed class SqliteValuesTests
{
    public static TheoryData<object?> Values() =>
    [
        null, "", "山西\"商贸\"有限公司 😀", 0, -7, long.MaxValue, true, false, (short)3, (byte)9,
        Guid.Parse("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"),
        new DateTime(2026, 11, 28, 10, 5, 3, DateTimeKind.Utc), new DateTime(2026, 11, 28, 10, 5, 3, DateTimeKind.Utc).AddTicks(1_234_567), new DateTime(2026, 1, 2),
        new DateOnly(2024, 3, 5), 0m, 3.5m, 12345.678m, -0.01m, 35_000.000001m,
        new DateTimeOffset(2026, 11, 28, 18, 0, 0, TimeSpan.FromHours(8)), 1.25d, new byte[] { 1, 2, 3 },
    ];

    [Theory]
    [MemberData(nameof(Values))]
    public void A_value_is_stored_exactly_as_an_ef_core_parameter_stores_it(object? value)
    {
        using var db = CreditProofDatabase.CreateContext(new DatabaseSettings { Provider = DatabaseProvider.Sqlite, ConnectionString = "Data Source=:memory:" });
        db.Database.OpenConnection();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        Execute(connection, "CREATE TABLE t (source TEXT, v)");
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "INSERT INTO t VALUES ('ef', $v)";
            var mapping = value is null ? null : db.GetService<IRelationalTypeMappingSource>().FindMapping(value.GetType());
            command.Parameters.Add(mapping?.CreateParameter(command, "$v", value, nullable: true) ?? new SqliteParameter("$v", DBNull.Value));
            command.ExecuteNonQuery();
        }

        Assert.Equal(raw.SQLITE_OK, raw.sqlite3_prepare_v2(connection.Handle, "INSERT INTO t VALUES ('bulk', ?1)", out var statement));
        using (statement)
        {
            new SqliteValues().Bind(statement, 1, value, guidAsBlob: false);
            Assert.Equal(raw.SQLITE_DONE, raw.sqlite3_step(statement));
        }

        Assert.Equal(Stored(connection, "ef"), Stored(connection, "bulk"));
    }

    [Fact]
    public void A_type_it_does_not_know_is_refused_with_the_parameter_and_the_type()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        raw.sqlite3_prepare_v2(connection.Handle, "SELECT ?1", out var statement);
        using (statement)
        {
            var error = Assert.Throws<NotSupportedException>(() => new SqliteValues().Bind(statement, 1, TimeSpan.FromHours(1), guidAsBlob: false));
            Assert.Contains("Parameter 1", error.Message, StringComparison.Ordinal);
            Assert.Contains(nameof(TimeSpan), error.Message, StringComparison.Ordinal);
        }
    }

    private static string Stored(SqliteConnection connection, string source)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT typeof(v) || ':' || quote(v) FROM t WHERE source = $s";
        command.Parameters.AddWithValue("$s", source);
        return (string)command.ExecuteScalar()!;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
