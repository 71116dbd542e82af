using CreditProof.Demo;
using CreditProof.Platform;
using CreditProof.Signing;
using CreditProof.Storage;
using CreditProof.Web.SignIn;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CreditProof.Web.Hosting;

public static class DatabaseStartup
{
    /// <summary>
    /// The embedded demo (SQLite, demo mode) migrates and seeds itself on first start. A production database is never
    /// migrated silently: the host refuses to start until an operator has run <c>creditproof db migrate</c>.
    /// </summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var settings = scope.ServiceProvider.GetRequiredService<DatabaseSettings>();
        var options = scope.ServiceProvider.GetRequiredService<IOptions<PlatformOptions>>().Value;
        var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        var logger = app.Logger;

        if (IsDemo(settings, options))
        {
            var migration = await CreditProofDatabase.MigrateAsync(db, scope.ServiceProvider.GetRequiredService<PdfStore>());
            if (migration.AppliedMigrations.Count > 0)
                logger.LogInformation("Embedded database migrated: {Migrations}", string.Join(", ", migration.AppliedMigrations));
            await CreditProof.Storage.PersonalDataMigration.RunAsync(db, scope.ServiceProvider.GetRequiredService<CreditProof.Privacy.PersonalDataKeys>(),
                scope.ServiceProvider.GetRequiredService<TimeProvider>());
            if (!await db.Subjects.AnyAsync())
            {
                var seeder = new DemoSeeder(db, scope.ServiceProvider.GetRequiredService<PlatformClock>(), scope.ServiceProvider.GetRequiredService<CreditProof.Privacy.PersonalDataKeys>());
                var result = await seeder.SeedAsync(new DemoSeedOptions(options.DemoSubjects, options.DemoSeed));
                logger.LogInformation("Demo data seeded: {Subjects} subjects, {Records} records, {Units} units in {Seconds:F1} s",
                    result.Subjects, result.Records, result.UnitsCreated, result.Elapsed.TotalSeconds);
            }

            // The demo signs its reports with its own SM2 key, made on first start (production keys are an operator step).
            var keys = scope.ServiceProvider.GetRequiredService<SigningKeyStore>();
            if ((await keys.ListAsync()).Count == 0)
                await keys.CreateAsync(SigningAlgorithm.Sm2, "demo-start");
            // And the PDF signature's root and signing certificate (a demo database from before they existed gets them too).
            await scope.ServiceProvider.GetRequiredService<ReportCertificateStore>().EnsureAsync("demo-start");

            var accounts = await DemoAccounts.EnsureAsync(db, scope.ServiceProvider.GetRequiredService<TimeProvider>(),
                secret => SignInSetup.ProtectTotpSecret(scope.ServiceProvider, secret));
            if (accounts.Count > 0)
                logger.LogWarning("Demo staff accounts created (demo mode only; sign in at /signin/staff): {Accounts}", string.Join("; ", accounts));
            if (await RelyingParties.DemoRelyingParty.EnsureAsync(db, scope.ServiceProvider.GetRequiredService<TimeProvider>()) is { } party)
                logger.LogWarning("Demo relying party created (demo mode only): {Party}", party);

            return;
        }

        var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
        if (pending.Count > 0)
            throw new InvalidOperationException(
                $"The {settings.Provider} database has {pending.Count} pending migration(s) ({string.Join(", ", pending)}). " +
                "Run 'creditproof db migrate' with the same configuration, then start the web host again.");
        // The personal-data keys are read (or created) now, before any request's transaction needs them.
        scope.ServiceProvider.GetRequiredService<CreditProof.Privacy.PersonalDataKeys>().EnsureLoaded();
    }

    public static bool IsDemo(DatabaseSettings settings, PlatformOptions options) =>
        options.Demo && settings.Provider == DatabaseProvider.Sqlite;
}
