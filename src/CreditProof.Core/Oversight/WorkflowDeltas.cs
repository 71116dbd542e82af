using CreditProof.Commitments;
using CreditProof.Objections;
using CreditProof.Repairs;
using CreditProof.Reports;
using CreditProof.Statistics;

namespace CreditProof.Oversight;

/// <summary>The deltas of reports and workflows: one definition, for <see cref="StatsCapture"/> and for the rebuild from source tables (<see cref="RawStats"/>).</summary>
public static class WorkflowDeltas
{
    public static string ChannelKey(ReportChannel channel) => channel switch
    {
        ReportChannel.Portal => "portal",
        ReportChannel.Window => "window",
        ReportChannel.Kiosk => "kiosk",
        ReportChannel.Api => "api",
        ReportChannel.CommandLine => "cli",
    };

    public static IEnumerable<StatDelta> ForReport(DateTime issuedAt, string requestedBy, string? purpose, string domainIds, string city)
    {
        yield return new StatDelta { Metric = StatMetrics.ReportsIssued, At = issuedAt, City = city, Key = ChannelKey(ReportChannels.Of(requestedBy)) };
        if (!string.IsNullOrEmpty(purpose))
            yield return new StatDelta { Metric = StatMetrics.ReportPurposes, At = issuedAt, City = city, Key = purpose };
        foreach (var domain in DomainIdsOf(domainIds))
            yield return new StatDelta { Metric = StatMetrics.ReportDomains, At = issuedAt, City = city, DomainId = domain };
    }

    public static IEnumerable<int> DomainIdsOf(string domainIds) =>
        domainIds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => int.TryParse(d, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : 0).Where(id => id > 0);

    /// <summary>A closed objection: answered in time when the step it was closed in (acceptance, or the unit's check once accepted) met its due date.</summary>
    public static IEnumerable<StatDelta> ForClosedObjection(Objection objection)
    {
        var closedAt = objection.ClosedAt ?? objection.SubmittedAt;
        yield return new StatDelta { Metric = StatMetrics.ObjectionsClosed, At = closedAt, UnitId = objection.UnitId, DueOn = objection.UnitDueOn ?? objection.AcceptDueOn };
        yield return new StatDelta { Metric = StatMetrics.ObjectionDays, At = closedAt, UnitId = objection.UnitId, Since = objection.SubmittedAt };
    }

    public static StatDelta ForRepairDecision(RepairApplication repair) => new()
    {
        Metric = StatMetrics.RepairsDecided, At = repair.DecidedAt ?? repair.SubmittedAt, UnitId = repair.UnitId,
        Key = repair.Status == RepairApplicationStatus.Approved ? "approved" : "refused",
    };

    public static StatDelta ForFalseCommitment(CreditCommitment commitment) =>
        new() { Metric = StatMetrics.CommitmentsFalse, At = commitment.FulfilmentRecordedAt ?? commitment.SignedAt, DomainId = commitment.DomainId };
}
