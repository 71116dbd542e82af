using CreditProof.Subjects;
using CreditProof.Web.SignIn;

namespace CreditProof.Web.Workflows;

/// <summary>What window staff fill in after checking the person at the counter: the document shown, its number and the name on it.</summary>
public sealed class IdentityCheckForm
{
    public IdentityDocument? Document { get; set; }

    public string? Number { get; set; }

    public string? HolderName { get; set; }

    /// <summary>Records the check (masked number, who, when) or says by field what is missing, in the reader's language.</summary>
    public async Task<(IdentityCheck? Check, string? Field, string? Error)> RecordAsync(HttpContext http, Guid subjectId, string purpose, CancellationToken ct)
    {
        var services = http.RequestServices;
        var clock = services.GetRequiredService<Platform.PlatformClock>();
        try
        {
            var check = await IdentityChecks.RecordAsync(services.GetRequiredService<Storage.CreditProofDbContext>(), subjectId, Document, Number, HolderName,
                http.User.StaffUserName(), purpose, clock.UtcNow, clock.Today, ct);
            return (check, null, null);
        }
        catch (IdentityCheckException e)
        {
            var chinese = System.Globalization.CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal);
            return (null, e.Field, chinese ? e.MessageZh : e.MessageEn);
        }
    }
}
