using CreditProof.Reports;
using CreditProof.Signing;
using CreditProof.Tests.Reports;
using CreditProof.Verification;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Tests.Signing;

[Trait("Category", "Database")]
public sealed class SigningKeyStoreTests(ReportFixture fixture) : IClassFixture<ReportFixture>
{
    [Fact]
    public async Task Private_keys_are_stored_encrypted_and_only_the_right_master_key_opens_them()
    {
        await using var db = fixture.Database.CreateContext();
        var key = await db.SigningKeys.FirstAsync(k => k.Algorithm == SigningAlgorithm.Sm2 && k.IsActive);
        Assert.Equal(60, key.EncryptedPrivateKey.Length);

        var right = MasterKey.FromBase64(Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()), "test");
        var privateKey = right.Decrypt(key.EncryptedPrivateKey, key.Id);
        Assert.Equal(32, privateKey.Length);
        Assert.DoesNotContain(Convert.ToHexString(privateKey), Convert.ToHexString(key.EncryptedPrivateKey), StringComparison.Ordinal);

        var wrong = MasterKey.FromBase64(Convert.ToBase64String(new byte[32]), "wrong");
        Assert.Throws<System.Security.Cryptography.CryptographicException>(() => wrong.Decrypt(key.EncryptedPrivateKey, key.Id));
        // The ciphertext is bound to its key id: moving it to another key row fails.
        Assert.Throws<System.Security.Cryptography.CryptographicException>(() => right.Decrypt(key.EncryptedPrivateKey, "0000000000000000"));
    }

    [Fact]
    public async Task Master_key_file_is_created_on_first_use_readable_by_its_owner_only()
    {
        var path = Path.Combine(Path.GetTempPath(), "cp-mk-" + Guid.NewGuid().ToString("N"), "keys", "master.key");
        var first = MasterKey.FromFile(path);
        var again = MasterKey.FromFile(path);
        var blob = first.Encrypt([1, 2, 3], "k");
        Assert.Equal([1, 2, 3], again.Decrypt(blob, "k"));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Directory.Delete(Path.GetDirectoryName(Path.GetDirectoryName(path))!, recursive: true);
    }

    [Fact]
    public async Task Rotation_activates_a_new_key_and_keeps_the_old_public_key_so_old_reports_still_verify()
    {
        var subject = await fixture.AddSubjectAsync("太原市密钥轮换有限公司");
        var before = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code });

        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<SigningKeyStore>();
            var rotated = await store.RotateAsync(SigningAlgorithm.Sm2, "test");
            var keys = await store.ListAsync();
            Assert.Single(keys, k => k.Algorithm == SigningAlgorithm.Sm2 && k.IsActive);
            Assert.Equal(rotated.Id, keys.Single(k => k.Algorithm == SigningAlgorithm.Sm2 && k.IsActive).Id);
            Assert.Contains(keys, k => k.Algorithm == SigningAlgorithm.Sm2 && !k.IsActive && k.RetiredAt is not null);
        }

        var after = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code });

        using var verifier = new ReportPayloadVerifier(await fixture.TrustListAsync());
        var old = verifier.Verify(before.QrText);
        var fresh = verifier.Verify(after.QrText);
        Assert.True(old.IsValid, old.Message);
        Assert.True(fresh.IsValid, fresh.Message);
        Assert.NotEqual(old.Key!.Id, fresh.Key!.Id);
    }

    [Fact]
    public async Task Exported_trust_list_holds_public_keys_only()
    {
        var json = (await fixture.TrustListAsync()).ToJson();
        await using var db = fixture.Database.CreateContext();
        foreach (var key in await db.SigningKeys.ToListAsync())
        {
            Assert.Contains(key.Id, json, StringComparison.Ordinal);
            Assert.Contains(Convert.ToBase64String(key.PublicKey), json, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(key.EncryptedPrivateKey), json, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("private", json, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(TrustList.FromJson(json).Keys.Count, (await db.SigningKeys.CountAsync()));
    }

    [Fact]
    public async Task Issuing_without_an_active_key_for_the_algorithm_says_how_to_create_one()
    {
        var database = new Tests.TestDatabase();
        await database.InitializeAsync();
        try
        {
            using var services = ReportFixture.Build(database.Settings, fixture.Time);
            var subject = new CreditProof.Subjects.Subject { Id = Guid.NewGuid(), Code = CreditProof.Identifiers.CreditCode.Compose('9', '1', "140105", "MA0KEY01"), Name = "无密钥公司", RegionCode = "140105", Type = CreditProof.Identifiers.SubjectType.Enterprise };
            await using (var db = database.CreateContext())
            {
                db.Subjects.Add(subject);
                await db.SaveChangesAsync();
            }

            await using var scope = services.CreateAsyncScope();
            var e = await Assert.ThrowsAsync<SigningKeyMissingException>(() =>
                scope.ServiceProvider.GetRequiredService<ReportIssuer>().IssueAsync(new ReportRequest { SubjectCode = subject.Code }));
            Assert.Contains("creditproof keys create", e.Message);
        }
        finally
        {
            await database.DisposeAsync();
        }
    }
}
