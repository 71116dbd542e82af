using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using CreditProof.Cli.Transparency;
using CreditProof.Reports;
using CreditProof.Signing;
using CreditProof.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Cli.Reports;

/// <summary>
/// <c>creditproof report issue|template</c> and <c>creditproof keys create|list|rotate|export-public|certificates</c>. The host adds
/// them with <c>root.Subcommands.AddRange(ReportCommands.Create(() => services))</c> after <c>AddCreditProofReports</c>.
/// </summary>
public static class ReportCommands
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IEnumerable<Command> Create(Func<IServiceProvider> services)
    {
        yield return Report(services);
        yield return Keys(services);
    }

    private static Command Report(Func<IServiceProvider> services)
    {
        var subject = new Option<string>("--subject") { Description = "统一社会信用代码 or resident ID number of the subject", Required = true };
        var domains = new Option<string?>("--domains") { Description = "Domains by code or Chinese name, comma-separated (default: all active domains), e.g. 市场监管,税务" };
        var from = new Option<string?>("--from") { Description = "Start of the period, YYYY-MM-DD (default: 3 years before --to, not before the collection start)" };
        var to = new Option<string?>("--to") { Description = "End of the period, YYYY-MM-DD (default: today)" };
        var purpose = new Option<string?>("--purpose") { Description = $"Intended use: {string.Join(", ", ReportPurposes.Codes)} or free text" };
        var output = new Option<FileInfo?>("--out") { Description = "Write the PDF to this file" };
        var bilingual = new Option<bool>("--bilingual") { Description = "Chinese with English labels, for foreign relying parties (the legal text stays Chinese)" };
        var requestedBy = new Option<string>("--requested-by") { Description = "Who asks (recorded with the report)", DefaultValueFactory = _ => Environment.UserName };

        var issue = new Command("issue", "Issue a special credit report (专项信用报告) and print its number, verification code, QR text and SHA-256")
        {
            subject, domains, from, to, purpose, output, bilingual, requestedBy,
        };
        issue.SetAction(async (parse, ct) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            try
            {
                var request = new ReportRequest
                {
                    SubjectCode = parse.GetValue(subject)!,
                    Domains = ReportRequest.SplitDomains(parse.GetValue(domains)),
                    From = Date(parse.GetValue(from), "--from"),
                    To = Date(parse.GetValue(to), "--to"),
                    Purpose = parse.GetValue(purpose),
                    RequestedBy = "cli:" + parse.GetValue(requestedBy),
                    Bilingual = parse.GetValue(bilingual),
                };
                await using var scope = services().CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<ReportIssuer>().IssueAsync(request, ct);
                await TransparencyCommands.SequenceAsync(scope.ServiceProvider, stderr, ct);
                var file = parse.GetValue(output);
                if (file is not null)
                    await File.WriteAllBytesAsync(file.FullName, result.Pdf, ct);
                await stdout.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    reportNumber = result.ReportNumber,
                    verificationCode = result.VerificationCode,
                    qrText = result.QrText,
                    sha256 = result.PdfSha256,
                    records = result.Content.RecordCount,
                    domains = result.Content.Domains.Count,
                    from = result.Content.From,
                    to = result.Content.To,
                    @out = file?.FullName,
                }, Json));
                return 0;
            }
            catch (ReportRequestException e)
            {
                // The request was checked and found invalid (README: exit 1).
                await stderr.WriteLineAsync($"{e.MessageZh}\n{e.MessageEn}");
                return 1;
            }
            catch (Exception e) when (e is SigningKeyMissingException or ReportCertificateMissingException)
            {
                await stderr.WriteLineAsync(e.Message);
                return 3;
            }
        });

        var templateFile = new Argument<FileInfo>("file") { Description = "Template JSON (see src/CreditProof.Core/Reports/Templates/)" };
        var templateAdd = new Command("add", "Add a report template version; new reports use it within seconds, no new build needed") { templateFile };
        templateAdd.SetAction(async (parse, ct) =>
        {
            await using var scope = services().CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<ReportTemplateStore>();
            var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
            try
            {
                var template = await store.AddAsync(db, await File.ReadAllTextAsync(parse.GetValue(templateFile)!.FullName, ct), "cli:" + Environment.UserName, ct);
                await parse.InvocationConfiguration.Output.WriteLineAsync($"template version {template.Version} added");
                return 0;
            }
            catch (Exception e) when (e is InvalidDataException or InvalidOperationException or FileNotFoundException)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(e.Message);
                return 2;
            }
        });
        var templateList = new Command("list", "List report template versions");
        templateList.SetAction(async (parse, ct) =>
        {
            await using var scope = services().CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<ReportTemplateStore>();
            var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
            foreach (var (version, createdAt, createdBy) in await store.ListAsync(db, ct))
                await parse.InvocationConfiguration.Output.WriteLineAsync($"{version}\t{createdAt?.ToString("u", CultureInfo.InvariantCulture) ?? "(embedded)"}\t{createdBy}");
            return 0;
        });

        return new Command("report", "Special credit reports (专项信用报告)")
        {
            issue,
            new Command("template", "Versioned report templates (wording, headings, branding)") { templateAdd, templateList },
        };
    }

    private static Command Keys(Func<IServiceProvider> services)
    {
        Option<string> Algorithm() => new("--algorithm") { Description = "sm2 (SM2/SM3, default) or p256 (ECDSA P-256)", DefaultValueFactory = _ => "sm2" };

        Option<string?> Custody() => new("--custody")
        {
            Description = "database (encrypted under the key-encryption key; the default for a new key) or pkcs11 (generated in the token of CreditProof:Pkcs11, never extractable; p256 only). rotate keeps the active key's custody unless told",
        };

        var createAlgorithm = Algorithm();
        var createCustody = Custody();
        var create = new Command("create", "Create a signing key (active if the algorithm has none yet); also the PDF signature's platform root and report-signing certificate when there are none") { createAlgorithm, createCustody };
        create.SetAction((parse, ct) => KeyAction(parse, services, async store =>
        {
            var (key, certificates) = await store.CreateWithCertificatesAsync(SigningAlgorithms.Parse(parse.GetValue(createAlgorithm)), "cli:" + Environment.UserName,
                ParseCustody(parse.GetValue(createCustody)) ?? KeyCustody.Database, ct);
            return string.Join('\n', certificates.Select(Describe).Prepend(Describe(key)));
        }));

        var rotateAlgorithm = Algorithm();
        var rotateCustody = Custody();
        var rotate = new Command("rotate", "Create a new active key; the old one is retired but still verifies what it signed") { rotateAlgorithm, rotateCustody };
        rotate.SetAction((parse, ct) => KeyAction(parse, services, async store =>
            Describe(await store.RotateAsync(SigningAlgorithms.Parse(parse.GetValue(rotateAlgorithm)), "cli:" + Environment.UserName, ParseCustody(parse.GetValue(rotateCustody)), ct))));

        var list = new Command("list", "List signing keys (public information only)");
        list.SetAction((parse, ct) => KeyAction(parse, services, async store =>
            string.Join('\n', (await store.ListAsync(ct)).Select(Describe))));

        var exportOut = new Option<FileInfo?>("--out") { Description = "Write the trust list to this file instead of standard output" };
        var export = new Command("export-public", "Export the signed trust list (every public key, active and retired; same as `trust export`) for offline verification") { exportOut };
        export.SetAction((parse, ct) => KeyAction(parse, services, async _ =>
        {
            await using var scope = services().CreateAsyncScope();
            var sp = scope.ServiceProvider;
            var json = await sp.GetRequiredService<CreditProof.Verification.TrustStore>().PublishAsync(sp.GetRequiredService<CreditProofDbContext>(), sp.GetRequiredService<SigningKeyRing>(), ct);
            if (parse.GetValue(exportOut) is not { } file)
                return json;
            await File.WriteAllTextAsync(file.FullName, json, ct);
            return $"trust list written to {file.FullName}";
        }));

        var apiKey = new Command("operator-api-key", "Generate an operator API key; put the printed hash into CreditProof:OperatorApiKeyHash and give the key to the operator");
        apiKey.SetAction(async parse =>
        {
            var key = OperatorApiKeys.Generate();
            await parse.InvocationConfiguration.Output.WriteLineAsync($"key:  {key}\nhash: {OperatorApiKeys.Hash(key)}\n(the key is shown once; only the hash is stored in configuration)");
            return 0;
        });

        var rotateKek = new Command("rotate-kek", "Re-wrap every stored key (signing keys, personal-data keys) under the current key-encryption key. Set the new key as CreditProof:KeyEncryptionKey and the old one as CreditProof:PreviousKeyEncryptionKey on every node first; remove the old one afterwards (docs/security.md)");
        rotateKek.SetAction(async (parse, ct) =>
        {
            await using var scope = services().CreateAsyncScope();
            var sp = scope.ServiceProvider;
            var master = sp.GetRequiredService<MasterKey>();
            if (master.Previous is null)
                return CliOutput.Fail("no CreditProof:PreviousKeyEncryptionKey is configured: configure the new key as CreditProof:KeyEncryptionKey and the old one as CreditProof:PreviousKeyEncryptionKey, then run this again");
            var (signing, certificates, data, protection) = await CreditProof.Privacy.PersonalDataKeys.RewrapAllAsync(sp.GetRequiredService<CreditProofDbContext>(), master, sp.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, ct);
            await parse.InvocationConfiguration.Output.WriteLineAsync(
                $"re-wrapped {signing} signing keys, {certificates} report certificate keys, {data} data keys and {protection} web data protection keys under the key from {master.Source}; nothing else changed. Now remove CreditProof:PreviousKeyEncryptionKey from every node (rolling restart).");
            return CliOutput.Ok;
        });

        return new Command("keys", "Platform signing keys (private keys encrypted at rest, never printed)") { create, list, rotate, export, apiKey, rotateKek, Certificates(services) };
    }

    /// <summary><c>keys certificates list|rotate [--root]|export-roots</c>: the PDF signature's X.509 chain (docs/verification.md).</summary>
    private static Command Certificates(Func<IServiceProvider> services)
    {
        var list = new Command("list", "List the PDF signature certificates: the platform root and the report-signing certificates, active and retired");
        list.SetAction((parse, ct) => CertificateAction(parse, services, async store => string.Join('\n', (await store.ListAsync(ct)).Select(Describe))));

        var root = new Option<bool>("--root") { Description = "Also replace the platform root (relying parties must then add the new root: publish it first)" };
        var rotate = new Command("rotate", "Issue a new report-signing certificate under the active root (with --root, under a new root); the old ones are retired and still verify what they signed") { root };
        rotate.SetAction((parse, ct) => CertificateAction(parse, services, async store =>
            string.Join('\n', (await store.RotateAsync(parse.GetValue(root), "cli:" + Environment.UserName, ct)).Select(Describe))));

        var output = new Option<FileInfo?>("--out") { Description = "Write the PEM to this file instead of standard output" };
        var export = new Command("export-roots", "Every platform root certificate (PEM), active and retired, as served at /.well-known/creditproof/report-roots.pem: what a relying party trusts") { output };
        export.SetAction((parse, ct) => CertificateAction(parse, services, async store =>
        {
            var pem = await store.RootsPemAsync(ct);
            if (parse.GetValue(output) is not { } file)
                return pem.TrimEnd();
            await File.WriteAllTextAsync(file.FullName, pem, ct);
            return $"root certificates written to {file.FullName}";
        }));

        return new Command("certificates", "The PDF signature's X.509 certificates (ECDSA P-256): platform root and report-signing certificate, private keys encrypted at rest") { list, rotate, export };
    }

    private static async Task<int> CertificateAction(ParseResult parse, Func<IServiceProvider> services, Func<ReportCertificateStore, Task<string>> action)
    {
        await using var scope = services().CreateAsyncScope();
        await parse.InvocationConfiguration.Output.WriteLineAsync(await action(scope.ServiceProvider.GetRequiredService<ReportCertificateStore>()));
        return 0;
    }

    private static KeyCustody? ParseCustody(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "database" or "db" => KeyCustody.Database,
        "pkcs11" or "hsm" => KeyCustody.Pkcs11,
        _ => throw new ArgumentException($"Unknown key custody '{value}': use 'database' (default) or 'pkcs11'."),
    };

    private static async Task<int> KeyAction(ParseResult parse, Func<IServiceProvider> services, Func<SigningKeyStore, Task<string>> action)
    {
        try
        {
            await using var scope = services().CreateAsyncScope();
            await parse.InvocationConfiguration.Output.WriteLineAsync(await action(scope.ServiceProvider.GetRequiredService<SigningKeyStore>()));
            return 0;
        }
        catch (ArgumentException e)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync(e.Message);
            return 2;
        }
        catch (Exception e) when (e is InvalidOperationException or System.Security.Cryptography.CryptographicException or Net.Pkcs11Interop.Common.Pkcs11Exception)
        {
            // A PKCS#11 module missing, a token not found, a PIN refused: nothing was stored.
            await parse.InvocationConfiguration.Error.WriteLineAsync(e.Message);
            return 2;
        }
    }

    private static string Describe(SigningKeyInfo k) => string.Create(CultureInfo.InvariantCulture,
        $"{k.Id}\t{k.Algorithm.Name()}\t{(k.IsActive ? "active" : k.RetiredAt is null ? "standby" : "retired " + k.RetiredAt.Value.ToString("u", CultureInfo.InvariantCulture))}\tcreated {k.CreatedAt:u}\t{(k.Custody == KeyCustody.Pkcs11 ? "pkcs11" : "database")}\tpublic {k.PublicKeyBase64}");

    private static string Describe(ReportCertificateInfo c) => string.Create(CultureInfo.InvariantCulture,
        $"{c.Id}\t{(c.Role == ReportCertificateRole.Root ? "root" : "signing")} certificate\t{(c.IsActive ? "active" : "retired " + c.RetiredAt?.ToString("u", CultureInfo.InvariantCulture))}\tvalid {c.NotBefore:yyyy-MM-dd} to {c.NotAfter:yyyy-MM-dd}\tsha256 {c.Sha256}\t{c.Subject}");

    private static DateOnly? Date(string? value, string option)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        return DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw new ReportRequestException(option, $"{option} 的日期“{value}”格式应为 YYYY-MM-DD", $"{option} '{value}' must be a date as YYYY-MM-DD");
    }
}
