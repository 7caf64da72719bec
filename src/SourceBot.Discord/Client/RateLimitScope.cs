namespace SourceBot.Discord.Client;

/// <summary>The <c>X-RateLimit-Scope</c> of a 429 ("Rate Limits"): whose limit was hit.</summary>
internal enum RateLimitScope
{
    /// <summary>No header, or a value this client does not know.</summary>
    Unknown,

    /// <summary><c>user</c>: the bot's own limit on the route.</summary>
    User,

    /// <summary><c>global</c>: the bot's global limit (50 requests per second).</summary>
    Global,

    /// <summary><c>shared</c>: the resource's limit, shared with others; not counted as an invalid request.</summary>
    Shared,
}

internal static class RateLimitScopes
{
    public const string Header = "X-RateLimit-Scope";

    public static RateLimitScope Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "user" => RateLimitScope.User,
        "global" => RateLimitScope.Global,
        "shared" => RateLimitScope.Shared,
        _ => RateLimitScope.Unknown,
    };
}
