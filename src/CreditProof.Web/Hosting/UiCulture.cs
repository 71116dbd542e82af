using System.Globalization;

namespace CreditProof.Web.Hosting;

/// <summary>For the few texts a page shows in both languages whatever the request's (error page, not-found verdict).</summary>
public static class UiCulture
{
    public static bool IsChinese => CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal);

    /// <summary>The name in the page's language, for reference data that carries both (domains, types, statuses).</summary>
    public static string Pick(string zh, string en) => IsChinese || string.IsNullOrEmpty(en) ? zh : en;

    /// <summary>Runs a localizer lookup in another UI culture than the request's.</summary>
    public static T In<T>(string culture, Func<T> lookup)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            return lookup();
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
