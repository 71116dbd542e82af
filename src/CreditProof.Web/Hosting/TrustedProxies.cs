using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.HttpOverrides;

namespace CreditProof.Web.Hosting;

/// <summary>
/// Who the client is. <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are honoured only when the connection comes
/// from a proxy listed in <c>CreditProof:TrustedProxies</c> (addresses or CIDR networks, comma-separated or a list);
/// from anyone else they are ignored, so a client cannot choose its own address to escape a rate limit. With no list
/// nothing is forwarded.
/// </summary>
public static class TrustedProxies
{
    public const string Setting = "CreditProof:TrustedProxies";

    public static WebApplicationBuilder AddTrustedProxies(this WebApplicationBuilder builder)
    {
        var networks = Parse(builder.Configuration);
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The defaults trust loopback; only what the operator lists is trusted here.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var network in networks)
                o.KnownIPNetworks.Add(network);
            // Walk back through a chain of trusted proxies; the first address that is not one of them is the client.
            o.ForwardLimit = null;
            o.RequireHeaderSymmetry = false;
        });
        return builder;
    }

    public static IApplicationBuilder UseTrustedProxies(this IApplicationBuilder app)
    {
        if (app.ApplicationServices.GetRequiredService<IConfiguration>() is var config && Parse(config).Count == 0)
            return app;
        return app.UseForwardedHeaders();
    }

    /// <summary>
    /// The client's address as a rate-limit partition: IPv4 as is, IPv6 by its /64 (one subscriber's prefix, whose
    /// addresses it can change at will).
    /// </summary>
    public static string ClientPartition(HttpContext http)
    {
        if (http.Connection.RemoteIpAddress is not { } address)
            return "unknown";
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
            return address.ToString();
        var bytes = address.GetAddressBytes();
        bytes.AsSpan(8).Clear();
        return new IPAddress(bytes) + "/64";
    }

    public static IReadOnlyList<System.Net.IPNetwork> Parse(IConfiguration config)
    {
        var section = config.GetSection(Setting);
        var items = section.Value is { } single
            ? single.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : section.GetChildren().Select(c => c.Value).OfType<string>().ToArray();
        return [.. items.Select(item => item.Contains('/', StringComparison.Ordinal)
            ? System.Net.IPNetwork.TryParse(item, out var network) ? network : throw Invalid(item)
            : IPAddress.TryParse(item, out var ip) ? new System.Net.IPNetwork(ip, ip.AddressFamily == AddressFamily.InterNetwork ? 32 : 128) : throw Invalid(item))];
    }

    private static InvalidOperationException Invalid(string item) =>
        new($"{Setting}: '{item}' is neither an IP address nor a CIDR network (e.g. 10.0.0.5 or 10.0.0.0/24).");
}
