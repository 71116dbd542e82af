using System.Diagnostics;
using CreditProof.Reports;
using CreditProof.Signing;
using CreditProof.Tests.Reports;
using CreditProof.Verification;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace CreditProof.Tests.Signing;

/// <summary>
/// A SoftHSM2 token in a temporary folder (Debian's softhsm2, installed by scripts/install-prerequisites.sh test),
/// initialised with <c>softhsm2-util</c> as an operator would initialise an HSM partition.
/// </summary>
public sealed class SoftHsmToken : IDisposable
{
    public const string Library = "/usr/lib/softhsm/libsofthsm2.so";
    public const string Label = "creditproof-test";
    public const string Pin = "20261201";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cp-softhsm-" + Guid.NewGuid().ToString("N"));

    public SoftHsmToken()
    {
        if (!File.Exists(Library))
            throw new InvalidOperationException($"{Library} is missing: install Debian's softhsm2 (scripts/install-prerequisites.sh test does).");
        Directory.CreateDirectory(Path.Combine(_folder, "tokens"));
        var conf = Path.Combine(_folder, "softhsm2.conf");
        File.WriteAllText(conf, $"directories.tokendir = {Path.Combine(_folder, "tokens")}\nobjectstore.backend = file\nlog.level = ERROR\n");
        // SoftHSM reads its configuration with getenv when the module is initialised. .NET keeps its own copy of the
        // environment on Unix, so the native one is set through libc for every load in this process to see this file.
        if (SetNativeEnvironment("SOFTHSM2_CONF", conf, 1) != 0)
            throw new InvalidOperationException("setenv(SOFTHSM2_CONF) failed");
        var init = Process.Start(new ProcessStartInfo("softhsm2-util", ["--init-token", "--free", "--label", Label, "--pin", Pin, "--so-pin", "5678"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["SOFTHSM2_CONF"] = conf },
        })!;
        var output = init.StandardOutput.ReadToEnd() + init.StandardError.ReadToEnd();
        init.WaitForExit();
        if (init.ExitCode != 0)
            throw new InvalidOperationException("softhsm2-util --init-token failed: " + output);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "setenv", CharSet = System.Runtime.InteropServices.CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int SetNativeEnvironment(string name, string value, int overwrite);

    public Dictionary<string, string?> Configuration(string? pin = Pin) => new()
    {
        ["CreditProof:Pkcs11:Library"] = Library,
        ["CreditProof:Pkcs11:TokenLabel"] = Label,
        ["CreditProof:Pkcs11:Pin"] = pin,
        ["CreditProof:Reports:SigningAlgorithm"] = "EcdsaP256",
    };

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

[Trait("Category", "Database")]
public sealed class Pkcs11SigningTests(ReportFixture fixture, SoftHsmToken token) : IClassFixture<ReportFixture>, IClassFixture<SoftHsmToken>
{
    [Fact]
    public async Task A_p256_key_made_in_the_token_signs_reports_that_verify_with_the_published_public_key_alone()
    {
        using var services = ReportFixture.Build(fixture.Database.Settings, fixture.Time, token.Configuration());
        SigningKeyInfo created;
        await using (var scope = services.CreateAsyncScope())
            created = await scope.ServiceProvider.GetRequiredService<SigningKeyStore>().RotateAsync(SigningAlgorithm.EcdsaP256, "test", KeyCustody.Pkcs11);
        Assert.Equal(KeyCustody.Pkcs11, created.Custody);

        await using (var db = fixture.Database.CreateContext())
        {
            // Nothing of the private key is in the database: only its public point and where it lives.
            var row = await db.SigningKeys.AsNoTracking().SingleAsync(k => k.Id == created.Id);
            Assert.Empty(row.EncryptedPrivateKey);
            Assert.Equal(KeyCustody.Pkcs11, row.Custody);
            Assert.True(row.IsActive);
        }

        var subject = await fixture.AddSubjectAsync("晋城市硬件密钥有限公司");
        IssuedReportResult report;
        await using (var scope = services.CreateAsyncScope())
            report = await scope.ServiceProvider.GetRequiredService<ReportIssuer>().IssueAsync(new ReportRequest { SubjectCode = subject.Code });

        using var verifier = new ReportPayloadVerifier(await fixture.TrustListAsync());
        var result = verifier.Verify(report.QrText);
        Assert.True(result.IsValid, result.Message);
        Assert.Equal(created.Id, result.Key!.Id);

        // Signing from several threads at once: each gets its own token session.
        var ring = services.GetRequiredService<SigningKeyRing>();
        await using (var scope = services.CreateAsyncScope())
        {
            var loaded = await ring.GetActiveAsync(scope.ServiceProvider.GetRequiredService<CreditProof.Storage.CreditProofDbContext>(), SigningAlgorithm.EcdsaP256);
            var signatures = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => (i, loaded.Sign([(byte)i])))));
            using var check = SignatureAlgorithms.CreateVerifier(SigningAlgorithm.EcdsaP256, Convert.FromBase64String(created.PublicKeyBase64));
            Assert.All(signatures, s => Assert.True(check.Verify([(byte)s.i], s.Item2)));

            // A rotation that names no custody stays in the token (the operator's console rotates this way).
            var rotated = await scope.ServiceProvider.GetRequiredService<SigningKeyStore>().RotateAsync(SigningAlgorithm.EcdsaP256, "test");
            Assert.Equal(KeyCustody.Pkcs11, rotated.Custody);
        }
    }

    [Fact]
    public async Task The_token_refuses_to_reveal_the_private_key()
    {
        using var services = ReportFixture.Build(fixture.Database.Settings, fixture.Time, token.Configuration());
        SigningKeyInfo created;
        await using (var scope = services.CreateAsyncScope())
            created = await scope.ServiceProvider.GetRequiredService<SigningKeyStore>().CreateAsync(SigningAlgorithm.EcdsaP256, "test", KeyCustody.Pkcs11);

        // An independent session on the same module, as anyone holding the PIN would open one.
        var factories = new Pkcs11InteropFactories();
        using var library = factories.Pkcs11LibraryFactory.LoadPkcs11Library(factories, SoftHsmToken.Library, AppType.MultiThreaded);
        var slot = library.GetSlotList(SlotsType.WithTokenPresent).Single(s => s.GetTokenInfo().Label.Trim() == SoftHsmToken.Label);
        using var session = slot.OpenSession(SessionType.ReadOnly);
        session.Login(CKU.CKU_USER, SoftHsmToken.Pin);
        var attributes = session.Factories.ObjectAttributeFactory;
        var key = session.FindAllObjects([attributes.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY), attributes.Create(CKA.CKA_ID, Convert.FromHexString(created.Id))]).Single();
        var flags = session.GetAttributeValue(key, [CKA.CKA_SENSITIVE, CKA.CKA_EXTRACTABLE]);
        Assert.True(flags[0].GetValueAsBool());
        Assert.False(flags[1].GetValueAsBool());
        var value = session.GetAttributeValue(key, [CKA.CKA_VALUE])[0];
        Assert.True(value.CannotBeRead);
    }

    [Fact]
    public async Task Sm2_in_a_token_a_wrong_pin_and_a_missing_module_are_refused_with_a_message_and_change_nothing()
    {
        int before;
        await using (var db = fixture.Database.CreateContext())
            before = await db.SigningKeys.CountAsync();

        using (var services = ReportFixture.Build(fixture.Database.Settings, fixture.Time, token.Configuration()))
        await using (var scope = services.CreateAsyncScope())
        {
            var sm2 = await Assert.ThrowsAsync<ArgumentException>(() => scope.ServiceProvider.GetRequiredService<SigningKeyStore>().RotateAsync(SigningAlgorithm.Sm2, "test", KeyCustody.Pkcs11));
            Assert.Contains("SM2", sm2.Message);
        }

        using (var services = ReportFixture.Build(fixture.Database.Settings, fixture.Time, token.Configuration(pin: "000000")))
        await using (var scope = services.CreateAsyncScope())
        {
            var pin = await Assert.ThrowsAsync<Pkcs11Exception>(() => scope.ServiceProvider.GetRequiredService<SigningKeyStore>().RotateAsync(SigningAlgorithm.EcdsaP256, "test", KeyCustody.Pkcs11));
            Assert.Equal(CKR.CKR_PIN_INCORRECT, pin.RV);
        }

        using (var services = ReportFixture.Build(fixture.Database.Settings, fixture.Time))
        await using (var scope = services.CreateAsyncScope())
        {
            var none = await Assert.ThrowsAsync<InvalidOperationException>(() => scope.ServiceProvider.GetRequiredService<SigningKeyStore>().RotateAsync(SigningAlgorithm.EcdsaP256, "test", KeyCustody.Pkcs11));
            Assert.Contains("CreditProof:Pkcs11:Library", none.Message);
        }

        await using (var db = fixture.Database.CreateContext())
            Assert.Equal(before, await db.SigningKeys.CountAsync());
    }
}
