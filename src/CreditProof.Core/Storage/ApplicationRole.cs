using System.Text.RegularExpressions;
using CreditProof.Audit;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Storage;

/// <summary>
/// The PostgreSQL role split: the migration owner (who runs <c>creditproof db migrate</c>) owns every table; the role
/// the web nodes and the CLI's daily commands connect as gets <c>SELECT, INSERT, UPDATE, DELETE</c> on the tables it
/// works on, but only <c>SELECT, INSERT</c> on the audit trail (<see cref="AuditCapture.TrailTypes"/>) and only
/// <c>SELECT</c> on the migration history — so even the application's own credentials cannot rewrite the trail or the
/// schema, whatever code runs under them. Granted by <c>creditproof db grant --role</c> and again by every
/// <c>db migrate</c> when <c>CreditProof:Database:ApplicationRole</c> names the role, so a new table is never left out.
/// </summary>
public static partial class ApplicationRole
{
    public const string ConfigurationKey = "CreditProof:Database:ApplicationRole";

    /// <summary>The tables the application role may only read and append to.</summary>
    public static IReadOnlyList<string> AppendOnlyTables(CreditProofDbContext db) =>
        AuditCapture.TrailTypes.Select(t => db.Model.FindEntityType(t)!.GetTableName()!).Order(StringComparer.Ordinal).ToList();

    /// <summary>Grants <paramref name="role"/> what the application needs and nothing more; idempotent.</summary>
    public static async Task<IReadOnlyList<string>> GrantAsync(CreditProofDbContext db, string role, CancellationToken ct = default)
    {
        if (!db.Database.IsNpgsql())
            throw new InvalidOperationException("The role split is a PostgreSQL feature: an embedded SQLite file has no roles (its protection is the file's owner and mode).");
        if (!RoleName().IsMatch(role))
            throw new ArgumentException($"'{role}' is not a plain role name (letters, digits and _, starting with a letter, at most 63).");
        var exists = await db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM pg_roles WHERE rolname = {role}").SingleAsync(ct);
        if (exists == 0)
            throw new ArgumentException($"The role '{role}' does not exist: a database administrator creates it first (CREATE ROLE {role} LOGIN PASSWORD '…'), see docs/security.md.");
        var owner = await db.Database.SqlQuery<string>($"SELECT current_user AS \"Value\"").SingleAsync(ct);
        if (string.Equals(owner, role, StringComparison.Ordinal))
            throw new ArgumentException($"'{role}' is the role this command connects as (the migration owner): the application needs a role of its own.");

        var quoted = $"\"{role}\"";
        var appendOnly = AppendOnlyTables(db);
        var statements = new List<string>
        {
            $"GRANT USAGE ON SCHEMA public TO {quoted}",
            $"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}",
            $"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {quoted}",
            $"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {string.Join(", ", appendOnly.Select(t => $"\"{t}\""))} FROM {quoted}",
            $"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON \"__EFMigrationsHistory\" FROM {quoted}",
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var sql in statements)
            await db.Database.ExecuteSqlRawAsync(sql, ct);
        await tx.CommitAsync(ct);
        return appendOnly;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,62}$")]
    private static partial Regex RoleName();
}
