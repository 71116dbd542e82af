using System.CommandLine;
using System.Text;
using CreditProof.Audit;
using CreditProof.Cli;
using CreditProof.Cli.Accounts;
using CreditProof.Cli.Database;
using CreditProof.Cli.Demo;
using CreditProof.Cli.Identifiers;
using CreditProof.Cli.Ingest;
using CreditProof.Cli.Reports;
using CreditProof.Cli.Subjects;
using CreditProof.Cli.Transparency;
using CreditProof.Cli.Units;
using CreditProof.Cli.Verification;

Console.OutputEncoding = Encoding.UTF8;
var services = CliServices.Lazy();

var root = new RootCommand("creditproof — the special credit report platform (专项信用报告) command line")
{
    DbCommands.Create(services),
    DemoCommands.Create(services),
    UnitCommands.Create(services),
    StaffCommands.Create(services),
    SubjectCommands.Create(services),
    CodeCommands.Create(services),
    ImportCommands.CreateImportCommand(services),
    ImportCommands.CreateBatchesCommand(services),
    VerifyCommands.CreateVerifyCommand(services),
    VerifyCommands.CreateTrustCommand(services),
    VerifyCommands.CreateStatusListCommand(services),
    CreditProof.Cli.Audit.AuditCommands.Create(services),
    BackupCommands.CreateBackup(services),
    BackupCommands.CreateRestore(services),
    PdfCommands.Create(services),
    TransparencyCommands.Create(services),
};
foreach (var command in ReportCommands.Create(services))
    root.Subcommands.Add(command);
root.Subcommands.Single(c => c.Name == "units").Subcommands.Add(ImportCommands.CreateKeyCommand(services));
root.Subcommands.Single(c => c.Name == "report").Subcommands.Add(VerifyCommands.CreateRevokeCommand(services));
root.Subcommands.Single(c => c.Name == "report").Subcommands.Add(LifecycleCommands.CreateStatusesCommand(services));

var parsed = root.Parse(args);
var commandPath = CliAudit.CommandPath(parsed);
var exitCode = 1;
using (AuditContext.Begin(CliAudit.Actor, "cli " + commandPath))
{
    try
    {
        exitCode = await parsed.InvokeAsync();
    }
    catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException or IOException)
    {
        exitCode = CliOutput.Fail(e.Message);
    }

    await CliAudit.AfterAsync(commandPath, args, exitCode);
}

return exitCode;
