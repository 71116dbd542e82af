using System.Security.Cryptography;
using CreditProof.Privacy;
using CreditProof.Reports;
using CreditProof.Signing;
using CreditProof.Tests.Cli;
using CreditProof.Tests.Reports;
using CreditProof.Verification;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Tests.Signing;

/// <summary>
/// Key-encryption key rotation without downtime, on both databases: nodes run with the new key and the old one as
/// "previous", <c>keys rotate-kek</c> re-wraps every stored key, then the old key is not needed — and nothing that was
/// issued, hashed or encrypted under the old one stops working.
/// </summary>
[Trait("Category", "Database")]
public sealed class KeyRotationTests : IAsyncLifetime
{
    private static readonly string NewKek = Convert.ToBase64String(Enumerable.Range(101, 32).Select(i => (byte)i).ToArray());
    private readonly ReportFixture _fixture = new();

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task Rotating_the_key_encryption_key_keeps_codes_reports_and_id_numbers_working_under_the_new_key_alone()
    {
        var person = await _fixture.AddSubjectAsync("轮换密钥自然人", naturalPerson: true);
        var id = _fixture.IdNumberOf(person);
        var before = await _fixture.IssueAsync(new ReportRequest { SubjectCode = person.Code, RequestedBy = "rotation" });

        // Every node: the new key as current, the old one as previous (a rolling restart, no downtime). Then rotate.
        var work = Directory.CreateTempSubdirectory("creditproof-rotation").FullName;
        var rotation = new Dictionary<string, string> { ["CreditProof__KeyEncryptionKey"] = NewKek, ["CreditProof__PreviousKeyEncryptionKey"] = TestDatabase.KeyEncryptionKey };
        Assert.NotEqual(0, (await CliRunner.RunAsync(_fixture.Database.Settings, work, new Dictionary<string, string> { ["CreditProof__KeyEncryptionKey"] = NewKek }, "keys", "rotate-kek")).ExitCode);
        var rotated = await CliRunner.RunAsync(_fixture.Database.Settings, work, rotation, "keys", "rotate-kek");
        Assert.True(rotated.ExitCode == 0, rotated.Output + rotated.Error);
        Assert.Contains("re-wrapped 2 signing keys", rotated.Output, StringComparison.Ordinal);

        // The new key alone: the old report and its typed code verify, the number decrypts, a new report is signed.
        await using (var services = ReportFixture.Build(_fixture.Database.Settings, _fixture.Time, new Dictionary<string, string?> { ["CreditProof:KeyEncryptionKey"] = NewKek }))
        {
            await using var scope = services.CreateAsyncScope();
            var outcome = await scope.ServiceProvider.GetRequiredService<ReportVerifier>()
                .VerifyNumberAsync(scope.ServiceProvider.GetRequiredService<CreditProof.Storage.ReadOnlyDatabase>(), before.ReportNumber, before.VerificationCode);
            Assert.True(outcome.Authentic && outcome.IsValid, outcome.Message);
            Assert.Equal(id, scope.ServiceProvider.GetRequiredService<PersonalDataKeys>().Decrypt(person.IdNumberCiphertext!));
            var after = await scope.ServiceProvider.GetRequiredService<ReportIssuer>().IssueAsync(new ReportRequest { SubjectCode = id, RequestedBy = "rotation" });
            Assert.True((await scope.ServiceProvider.GetRequiredService<ReportVerifier>().VerifyQrAsync(after.QrText, scope.ServiceProvider.GetRequiredService<CreditProof.Storage.ReadOnlyDatabase>())).IsValid);
        }

        // The old key alone no longer unwraps anything.
        var old = new PersonalDataKeys(_fixture.Database.Settings, MasterKey.FromBase64(TestDatabase.KeyEncryptionKey, "old"), TimeProvider.System);
        Assert.Throws<CryptographicException>(() => old.EnsureLoaded());
    }
}
