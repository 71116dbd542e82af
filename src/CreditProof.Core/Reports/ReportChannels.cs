namespace CreditProof.Reports;

/// <summary>Where a report was asked for (申请渠道), as its <see cref="IssuedReport.RequestedBy"/> prefix records it.</summary>
public enum ReportChannel
{
    /// <summary>门户网站: the subject signed in on the portal.</summary>
    Portal = 1,

    /// <summary>服务窗口: staff issued it on the subject's behalf.</summary>
    Window = 2,

    /// <summary>自助终端</summary>
    Kiosk = 3,

    /// <summary>接口: the reports API.</summary>
    Api = 4,

    /// <summary>命令行: the operator's <c>creditproof report issue</c>.</summary>
    CommandLine = 5,
}

public static class ReportChannels
{
    public const string PortalPrefix = "subject:";
    public const string KioskPrefix = "kiosk:";
    public const string WindowPrefix = "window:";
    public const string ApiPrefix = "api:";

    /// <summary>The one reading of a requester: anything without a known prefix was issued from the command line.</summary>
    public static ReportChannel Of(string requestedBy) =>
        requestedBy.StartsWith(PortalPrefix, StringComparison.Ordinal) ? ReportChannel.Portal
        : requestedBy.StartsWith(KioskPrefix, StringComparison.Ordinal) ? ReportChannel.Kiosk
        : requestedBy.StartsWith(WindowPrefix, StringComparison.Ordinal) ? ReportChannel.Window
        : requestedBy.StartsWith(ApiPrefix, StringComparison.Ordinal) ? ReportChannel.Api
        : ReportChannel.CommandLine;
}
