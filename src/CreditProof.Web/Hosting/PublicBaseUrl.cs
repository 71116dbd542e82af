using CreditProof.Platform;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CreditProof.Web.Hosting;

/// <summary>
/// The public base URL (<c>CreditProof:PublicBaseUrl</c>) is printed into every QR code and share link, and a printed
/// report cannot be fixed later; so it is never silently wrong. Unset, it is the address the host is told to listen
/// on (<c>--urls</c>, <c>ASPNETCORE_URLS</c>, <c>URLS</c> through scripts/run.sh, or Kestrel's endpoints; Kestrel's own
/// default otherwise). Once listening, the host warns when the base URL matches none of the addresses it is bound to.
/// </summary>
public static class PublicBaseUrl
{
    /// <summary>Kestrel's address when nothing says otherwise.</summary>
    public const string KestrelDefault = "http://localhost:5000";

    private static readonly string Key = $"{PlatformOptions.Section}:{nameof(PlatformOptions.PublicBaseUrl)}";

    public static WebApplicationBuilder DerivePublicBaseUrl(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration[Key]))
            builder.Configuration.AddInMemoryCollection([new(Key, Derive(builder.Configuration))]);
        return builder;
    }

    /// <summary>The first address the host is configured to listen on, https before http, a wildcard host as loopback.</summary>
    public static string Derive(IConfiguration configuration)
    {
        var configured = (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>())
            .Select(Parse).OfType<Uri>().ToList();
        var chosen = configured.FirstOrDefault(u => u.Scheme == Uri.UriSchemeHttps) ?? configured.FirstOrDefault() ?? new Uri(KestrelDefault);
        var host = IsWildcard(chosen.Host) ? "127.0.0.1" : chosen.Host;
        return new UriBuilder(chosen.Scheme, host, chosen.Port).Uri.ToString().TrimEnd('/');
    }

    /// <summary>True when a request to <paramref name="baseUrl"/> would reach one of the <paramref name="listening"/> addresses.</summary>
    public static bool Matches(string baseUrl, IEnumerable<string> listening)
    {
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var target))
            return false;
        return listening.Select(Parse).OfType<Uri>().Any(a =>
            a.Scheme == target.Scheme && a.Port == target.Port
            && (IsWildcard(a.Host) || string.Equals(a.Host, target.Host, StringComparison.OrdinalIgnoreCase) || (IsLoopback(a.Host) && IsLoopback(target.Host))));
    }

    /// <summary>Registers the start-up check: one warning naming the base URL, the addresses and what to set.</summary>
    public static WebApplication WarnOnUnreachablePublicBaseUrl(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            Check(app.Services.GetRequiredService<PlatformOptions>().PublicBaseUrl, addresses, app.Logger);
        });
        return app;
    }

    /// <returns>False when it warned.</returns>
    public static bool Check(string baseUrl, ICollection<string> addresses, ILogger logger)
    {
        // The in-memory test server listens nowhere: nothing to compare.
        if (addresses.Count == 0 || Matches(baseUrl, addresses))
            return true;
        logger.LogWarning(
            "CreditProof:PublicBaseUrl {BaseUrl} matches none of the addresses this host listens on ({Addresses}): QR codes and share links point there. " +
            "Right only if a reverse proxy forwards that address here; otherwise set CreditProof__PublicBaseUrl to the address people reach.",
            baseUrl, string.Join(", ", addresses));
        return false;
    }

    private static Uri? Parse(string address)
    {
        // Kestrel accepts http://*:5000 and http://+:5000, which Uri does not.
        var normalised = address.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        return Uri.TryCreate(normalised, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null;
    }

    private static bool IsWildcard(string host) => host is "0.0.0.0" or "[::]" or "::" or "*" or "+";

    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (System.Net.IPAddress.TryParse(host, out var ip) && System.Net.IPAddress.IsLoopback(ip));
}
