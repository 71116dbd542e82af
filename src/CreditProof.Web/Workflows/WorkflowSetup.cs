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
        builder.Services.AddScoped<ObjectionService>();
        builder.Services.AddScoped<RepairService>();
        builder.Services.AddScoped<CommitmentService>();
        builder.Services.AddHostedService<WorkflowBackground>();
        return builder;
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
        return new Actor(name, ActorRole.Auditor);
    }
}
