namespace SourceBot.Operations;

/// <summary>The `run` verb's operations endpoint (metrics and health over HTTP). Bound from "SourceBot:Operations".</summary>
public sealed class OperationsOptions
{
    public const string Section = "SourceBot:Operations";

    /// <summary>
    /// Where the endpoint listens: "http://host:port", several separated by ';' ("http://127.0.0.1:9464"). Empty, the default:
    /// no endpoint. Plain http only: keep it on a private address or behind a proxy that adds TLS.
    /// </summary>
    public string Urls { get; set; } = "";

    /// <summary>The addresses in <see cref="Urls"/>, trimmed; empty when the endpoint is off.</summary>
    public IReadOnlyList<string> UrlList() => Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>What is wrong with the addresses, one line each, for validation at start.</summary>
    public IEnumerable<string> Problems()
    {
        foreach (var url in UrlList())
        {
            if (Problem(url) is { } problem) yield return $"{Section}:Urls: '{url}' {problem}";
        }
    }

    private static string? Problem(string url)
    {
        if (url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            return "is https, which needs a certificate; the endpoint serves plain http (keep it on a private address or put a TLS proxy in front).";
        if (!url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            return "is not an http address such as http://127.0.0.1:9464.";
        // Kestrel's "any address" hosts are not host names to Uri.
        var parsable = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(parsable, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
            return "is not an http address such as http://127.0.0.1:9464.";
        if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0)
            return "has a path; give only the scheme, host and port (the endpoint serves /metrics, /health/live and /health/ready).";
        return null;
    }
}
