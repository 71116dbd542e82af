using CreditProof.Reports;
using CreditProof.Storage;
using CreditProof.Tests.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CreditProof.Tests.Audit;

/// <summary>
/// The migration owner and the application's role are different PostgreSQL roles: connected as the application, the
/// platform issues reports (and so appends audit entries), but the database itself refuses to rewrite the trail —
/// not a trigger the owner could drop, a privilege the application's role does not have.
/// </summary>
[Trait("Category", "Database")]
public sealed class ApplicationRoleTests(ReportFixture fixture) : IClassFixture<ReportFixture>
{
    [Fact]
    public async Task The_application_role_issues_reports_but_may_not_update_delete_or_truncate_the_audit_trail()
    {
        if (TestDatabase.Provider != DatabaseProvider.Postgres)
        {
            await using var sqlite = fixture.Database.CreateContext();
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => ApplicationRole.GrantAsync(sqlite, "creditproof_app"));
            Assert.Contains("PostgreSQL", refused.Message);
            return;
        }

        var role = "cp_app_" + Guid.NewGuid().ToString("N")[..10];
        await using (var owner = fixture.Database.CreateContext())
        {
            var missing = await Assert.ThrowsAsync<ArgumentException>(() => ApplicationRole.GrantAsync(owner, role));
            Assert.Contains("does not exist", missing.Message);
            await Assert.ThrowsAsync<ArgumentException>(() => ApplicationRole.GrantAsync(owner, "x; DROP TABLE subjects"));
            await AsOwner($"CREATE ROLE \"{role}\" LOGIN PASSWORD 'app-test-password'");
            var appendOnly = await ApplicationRole.GrantAsync(owner, role);
            Assert.Equal(["audit_alerts", "audit_chain", "audit_checkpoints", "audit_entries"], appendOnly);
        }

        try
        {
            var asApp = new NpgsqlConnectionStringBuilder(fixture.Database.Settings.ConnectionString) { Username = role, Password = "app-test-password" };
            var settings = new DatabaseSettings { Provider = DatabaseProvider.Postgres, ConnectionString = asApp.ConnectionString };
            using (var services = ReportFixture.Build(settings, fixture.Time))
            {
                var subject = await fixture.AddSubjectAsync("长治市角色分离有限公司");
                await using var scope = services.CreateAsyncScope();
                var report = await scope.ServiceProvider.GetRequiredService<ReportIssuer>().IssueAsync(new ReportRequest { SubjectCode = subject.Code });
                Assert.False(string.IsNullOrEmpty(report.ReportNumber));
            }

            await using var app = new NpgsqlConnection(asApp.ConnectionString);
            await app.OpenAsync();
            Assert.Equal(role, await Scalar<string>(app, "SELECT current_user"));
            Assert.True(await Scalar<long>(app, "SELECT count(*) FROM audit_entries") > 0);
            foreach (var sql in new[]
                     {
                         "UPDATE audit_entries SET \"Outcome\" = \"Outcome\"",
                         "DELETE FROM audit_chain",
                         "TRUNCATE audit_checkpoints",
                         "UPDATE audit_alerts SET \"Count\" = 0",
                         "DELETE FROM \"__EFMigrationsHistory\"",
                         "DROP TRIGGER audit_entries_append_only ON audit_entries",
                     })
            {
                var e = await Assert.ThrowsAsync<PostgresException>(() => Execute(app, sql));
                Assert.True(e.SqlState is PostgresErrorCodes.InsufficientPrivilege, $"{sql}: {e.SqlState} {e.MessageText}");
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await AsOwner($"DROP OWNED BY \"{role}\"");
            await AsOwner($"DROP ROLE \"{role}\"");
        }
    }

    private async Task AsOwner(string sql)
    {
        await using var owner = new NpgsqlConnection(fixture.Database.Settings.ConnectionString);
        await owner.OpenAsync();
        await Execute(owner, sql);
    }

    private static async Task<T> Scalar<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
