using System.Security.Claims;
using CreditProof.Commitments;
using CreditProof.Notifications;
using CreditProof.Objections;
using CreditProof.Repairs;
using CreditProof.Web.SignIn;
using CreditProof.Workflows;

namespace CreditProof.Web.Workflows;

public static class WorkflowSetup
{
    public static WebApplicationBuilder AddCreditProofWorkflows(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("CreditProof");
        var dataDirectory = section["DataDirectory"] ?? Path.Combine(Environment.CurrentDirectory, "data");
        builder.Services.AddSingleton(section.GetSection("Objections").Get<ObjectionOptions>() ?? new ObjectionOptions());
        builder.Services.AddSingleton(section.GetSection("Repairs").Get<RepairOptions>() ?? new RepairOptions());
        builder.Services.AddSingleton(new AttachmentStore(Path.Combine(dataDirectory, "attachments")));
        builder.Services.AddSingleton<INotificationChannel, LogOnlyNotificationChannel>();
        builder.Services.AddScoped<Notifier>();
        builder.Services.AddScoped<NotificationInbox>();
        builder.Services.AddScoped<ObjectionService>();
        builder.Services.AddScoped<RepairService>();
        builder.Services.AddScoped<CommitmentService>();
        builder.Services.AddHostedService<WorkflowBackground>();
        return builder;
    }

    /// <summary>Whose inbox the signed-in user reads: a subject's or a unit's; null for anyone else.</summary>
    public static (RecipientKind Kind, string Id)? InboxOf(this ClaimsPrincipal user) =>
        user.IsInRole(CreditProofClaims.Roles.Subject) && user.SubjectIdOf() is { } subject ? (RecipientKind.Subject, subject.ToString())
        : user.IsInRole(CreditProofClaims.Roles.Unit) && user.UnitIdOf() is { } unit ? (RecipientKind.Unit, unit.ToString(System.Globalization.CultureInfo.InvariantCulture))
        : user.IsInRole(CreditProofClaims.Roles.RelyingParty) && user.RelyingPartyIdOf() is { } party ? (RecipientKind.RelyingParty, party.ToString(System.Globalization.CultureInfo.InvariantCulture))
        : null;

    /// <summary>Where a message's subject is shown to its recipient (<see cref="Notification.Link"/>: <c>record:</c>, <c>objection:</c>, <c>repair:</c>, <c>commitment:</c>).</summary>
    public static string? Href(RecipientKind kind, string? link)
    {
        var (what, id) = link?.Split(':', 2) is [var w, var i] ? (w, i) : ("", "");
        return (kind, what) switch
        {
            (RecipientKind.Subject, "record") when Guid.TryParse(id, out var record) => "/me/records/" + record,
            (RecipientKind.Subject, "objection" or "repair") => "/me",
            (RecipientKind.Subject, "commitment") => "/me/commitments",
            (RecipientKind.Unit, "objection" or "repair") => "/unit/inbox",
            (RecipientKind.Unit, "commitment") => "/unit/commitments",
            (RecipientKind.Unit, "explanation") => "/unit/explanations",
            (RecipientKind.Subject, "explanation") => "/me/grants",
            (RecipientKind.Subject, "group") => "/me/groups",
            (RecipientKind.RelyingParty, "requirement" or "notice" or "explanation") => "/rp",
            _ => null,
        };
    }

    /// <summary>The workflow actor for the signed-in user: the subject, the unit, or the staff role.</summary>
    public static Actor ToActor(this ClaimsPrincipal user)
    {
        var name = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.FindFirstValue(CreditProofClaims.SubjectCode) ?? user.Identity?.Name ?? "unknown";
        if (user.IsInRole(CreditProofClaims.Roles.Subject))
            return new Actor(name, ActorRole.Subject, SubjectId: user.SubjectIdOf());
        if (user.IsInRole(CreditProofClaims.Roles.Unit))
            return new Actor(name, ActorRole.UnitStaff, UnitId: user.UnitIdOf());
        if (user.IsInRole(CreditProofClaims.Roles.Operator))
            return new Actor(name, ActorRole.Operator);
        if (user.IsInRole(CreditProofClaims.Roles.Window))
            return new Actor(name, ActorRole.WindowStaff);
        if (user.IsInRole(CreditProofClaims.Roles.RelyingParty))
            return new Actor(name, ActorRole.RelyingPartyStaff);
        return new Actor(name, ActorRole.Auditor);
    }
}
