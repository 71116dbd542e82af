using System.Reflection;
using CreditProof.Records;
using CreditProof.Reports;
using CreditProof.Reports.Lifecycle;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Tests.Architecture;

/// <summary>Rules of the design that the build enforces, read from the compiled Core assembly.</summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly Core = typeof(CreditProofDbContext).Assembly;

    /// <summary>
    /// Storage composes the model (the DbContext names every entity, and every feature uses the DbContext): it is the
    /// one folder outside the rule. Demo and the composition root sit on top and use everything.
    /// </summary>
    private static readonly string[] Infrastructure = ["Storage"];

    private static Dictionary<string, Dictionary<string, string>> Graph()
    {
        var graph = FeatureDependencies.Of(Core, "CreditProof");
        foreach (var excluded in Infrastructure)
        {
            graph.Remove(excluded);
            foreach (var edges in graph.Values)
                edges.Remove(excluded);
        }

        return graph;
    }

    [Fact]
    public void Core_feature_folders_have_no_cycle()
    {
        var cycles = FeatureDependencies.Cycles(Graph());
        Assert.True(cycles.Count == 0, "Cycles between Core feature folders:\n" + string.Join('\n', cycles));
    }

    [Theory]
    [InlineData("Reports", "Verification")]
    [InlineData("Reports", "Sharing")]
    [InlineData("Records", "Reports")]
    [InlineData("Records", "Ingest")]
    [InlineData("Sharing", "Verification")]
    [InlineData("Objections", "Reports")]
    [InlineData("Repairs", "Reports")]
    [InlineData("Ingest", "Reports")]
    [InlineData("Commitments", "Reports")]
    [InlineData("Subjects", "Reports")]
    [InlineData("Reports", "Transparency")]
    [InlineData("Signing", "Transparency")]
    [InlineData("Verification", "Transparency")]
    public void Dependencies_point_one_way(string from, string forbidden)
    {
        var graph = Graph();
        var edge = graph.TryGetValue(from, out var edges) && edges.TryGetValue(forbidden, out var example) ? example : null;
        Assert.True(edge is null, $"{from} must not use {forbidden}: {edge}");
    }

    [Fact]
    public void Rendering_knows_no_domain_type()
    {
        var graph = Graph();
        var used = graph.TryGetValue("Rendering", out var edges) ? edges : [];
        Assert.True(used.Count == 0, "Rendering uses: " + string.Join("; ", used.Values));
    }

    [Fact]
    public void Only_RecordHistory_creates_record_versions()
    {
        var constructor = typeof(RecordVersion).GetConstructor(Type.EmptyTypes)!;
        var creators = FeatureDependencies.Methods(Core)
            .Where(m => FeatureDependencies.MembersUsedBy(m.Method).Contains(constructor))
            .Select(m => FeatureDependencies.Outermost(m.Type))
            .Where(t => t != typeof(RecordHistory))
            .Distinct()
            .ToList();
        Assert.True(creators.Count == 0, "new RecordVersion outside RecordHistory: " + string.Join(", ", creators));
    }

    [Fact]
    public void Only_the_lifecycle_writes_a_reports_status()
    {
        // Status is init-only: after issue it changes only through ExecuteUpdate, which only the lifecycle may run on reports.
        Assert.True(typeof(IssuedReport).GetProperty(nameof(IssuedReport.Status))!.SetMethod!.ReturnParameter.GetRequiredCustomModifiers()
            .Contains(typeof(System.Runtime.CompilerServices.IsExternalInit)));
        var writers = FeatureDependencies.Methods(Core)
            .Where(m => FeatureDependencies.MembersUsedBy(m.Method).OfType<MethodInfo>().Any(IsReportUpdate))
            .Select(m => FeatureDependencies.Outermost(m.Type))
            .Where(t => t.Namespace != typeof(ReportLifecycle).Namespace)
            .Distinct()
            .ToList();
        Assert.True(writers.Count == 0, "Bulk updates of issued reports outside Reports.Lifecycle: " + string.Join(", ", writers));

        static bool IsReportUpdate(MethodInfo m) =>
            m.Name is nameof(EntityFrameworkQueryableExtensions.ExecuteUpdate) or nameof(EntityFrameworkQueryableExtensions.ExecuteUpdateAsync)
                or nameof(EntityFrameworkQueryableExtensions.ExecuteDelete) or nameof(EntityFrameworkQueryableExtensions.ExecuteDeleteAsync)
            && m.IsGenericMethod && m.GetGenericArguments()[0] == typeof(IssuedReport);
    }

    [Fact]
    public void Every_entity_type_is_watched_for_report_changes_or_says_why_not()
    {
        using var db = CreditProofDatabase.CreateContext(new DatabaseSettings { Provider = DatabaseProvider.Sqlite, ConnectionString = "Data Source=:memory:" });
        var unclassified = db.Model.GetEntityTypes()
            .Select(e => e.ClrType)
            .Where(t => !ReportChangeCapture.Watched.Any(w => w.IsAssignableFrom(t)) && !ReportChangeCapture.Unwatched.ContainsKey(t.Name))
            .Select(t => t.Name)
            .ToList();
        Assert.True(unclassified.Count == 0,
            "Entity types neither watched by ReportChangeCapture nor listed in its Unwatched with a reason: " + string.Join(", ", unclassified));
        var stale = ReportChangeCapture.Unwatched.Keys.Where(name => db.Model.GetEntityTypes().All(e => e.ClrType.Name != name)).ToList();
        Assert.True(stale.Count == 0, "Unwatched names no entity type: " + string.Join(", ", stale));
    }
}
