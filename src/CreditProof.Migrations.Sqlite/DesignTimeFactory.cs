using CreditProof.Storage;
using Microsoft.EntityFrameworkCore.Design;

namespace CreditProof.Migrations.Sqlite;

/// <summary>Used by <c>dotnet ef</c> only (scripts/add-migration.sh); the hosts configure the context from settings.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<CreditProofDbContext>
{
    public CreditProofDbContext CreateDbContext(string[] args) =>
        CreditProofDatabase.CreateContext(new DatabaseSettings { Provider = DatabaseProvider.Sqlite, ConnectionString = "Data Source=design-time.db" });
}
