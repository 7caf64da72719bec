using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace SourceBot.Discord;

/// <summary>Settings of the Discord front end, bound from the configuration section <c>SourceBot:Discord</c>.</summary>
public sealed class DiscordOptions
{
    public const string SectionName = "SourceBot:Discord";

    /// <summary>The bot token from the Developer Portal (Bot page). Secret: never logged.</summary>
    public string? Token { get; set; }

    /// <summary>The application id. Optional: taken from the READY payload (or GET /oauth2/applications/@me) when empty.</summary>
    public string? ApplicationId { get; set; }

    /// <summary>When set, commands are registered to this guild only (they appear at once), instead of globally.</summary>
    public string? GuildId { get; set; }

    /// <summary>Register /ask, /sources, /about, "Ask SourceBot" and /kb with a bulk overwrite at start.</summary>
    public bool RegisterCommands { get; set; } = true;

    /// <summary>Answer "@SourceBot question" messages. Needs the privileged Message Content intent.</summary>
    public bool AnswerMentions { get; set; } = true;

    /// <summary>Channel ids the bot answers in; empty means every channel it can see.</summary>
    public List<string> AllowedChannelIds { get; set; } = [];

    /// <summary>Answer in direct messages (slash commands and plain messages).</summary>
    public bool AllowDirectMessages { get; set; } = true;

    /// <summary>Whether /ask answers privately unless the asker sets ephemeral:false.</summary>
    public bool EphemeralByDefault { get; set; }

    public DiscordRateLimitOptions RateLimit { get; set; } = new();

    /// <summary>
    /// The servers that moderate the knowledge: /kb is registered there only (as guild commands) and the "Teach" buttons are
    /// offered there only. Empty means <see cref="GuildId"/> when that is set; with neither, Discord moderation is off (the
    /// CLI's kb verbs still work). A member of any other server, whatever their permissions there, is never a moderator.
    /// </summary>
    public List<string> ModeratorGuildIds { get; set; } = [];

    /// <summary>
    /// Role ids whose members may use /kb and the "Teach" buttons (change the draft knowledge, publish, roll back) in a
    /// moderating server (<see cref="ModeratorGuildIds"/>). Checked on every command, button and form; everyone else gets a
    /// private refusal.
    /// </summary>
    public List<string> ModeratorRoleIds { get; set; } = [];

    /// <summary>Whether members with the Administrator permission in a moderating server are moderators too, whatever their roles.</summary>
    public bool AdministratorsAreModerators { get; set; } = true;

    /// <summary>The moderating servers in effect: <see cref="ModeratorGuildIds"/>, else <see cref="GuildId"/>, else none.</summary>
    public IReadOnlySet<string> ModeratingGuilds()
    {
        var ids = (ModeratorGuildIds ?? []).Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id.Trim()).ToHashSet(StringComparer.Ordinal);
        if (ids.Count == 0 && !string.IsNullOrWhiteSpace(GuildId)) ids.Add(GuildId.Trim());
        return ids;
    }

    /// <summary>Largest .txt or .md file /kb add downloads, in bytes; bigger files are refused before downloading.</summary>
    public int MaxAttachmentBytes { get; set; } = 1_000_000;

    /// <summary>REST base URL including the API version.</summary>
    public string ApiBaseUrl { get; set; } = "https://discord.com/api/v10";

    /// <summary>Use this gateway URL instead of the one GET /gateway/bot returns (for proxies and tests).</summary>
    public string? GatewayUrlOverride { get; set; }

    /// <summary>
    /// The SQLite file for 👍 / 👎 votes. A relative path is made absolute by <see cref="ResolvePaths"/>, which the SourceBot host
    /// calls with the folder it resolves the question log against (the repository root), so both databases sit side by side
    /// whatever the current folder; without that it is relative to the working directory.
    /// </summary>
    public string FeedbackDatabasePath { get; set; } = "data/feedback.db";

    /// <summary>How many recent answers the buttons can refer back to.</summary>
    public int AnswerCacheSize { get; set; } = 1000;

    /// <summary>How long an answer's "Other matches", feedback and share buttons keep working.</summary>
    public TimeSpan AnswerCacheLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Timeout of one REST request.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Retries of a REST request after a 5xx, a timeout or a network error (429s are waited out separately).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Upper bound of the gateway's exponential reconnect backoff.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The shard count and the shard ids this process runs (default: Discord's recommended count, every shard).</summary>
    public DiscordShardOptions Shards { get; set; } = new();

    /// <summary>
    /// How long the bot keeps away from a channel where Discord answered 403 Forbidden to posting or typing (no typing, no
    /// posts, mentions there not answered): each try would count towards Discord's invalid request limit. Zero: retry every time.
    /// </summary>
    public TimeSpan ForbiddenChannelPause { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Makes a relative <see cref="FeedbackDatabasePath"/> absolute under <paramref name="root"/>; an empty one is left for validation to report.</summary>
    public void ResolvePaths(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        if (!string.IsNullOrWhiteSpace(FeedbackDatabasePath) && !Path.IsPathRooted(FeedbackDatabasePath))
            FeedbackDatabasePath = Path.GetFullPath(Path.Combine(root, FeedbackDatabasePath));
    }

    /// <summary>The URL in the User-Agent header Discord requires: "DiscordBot (url, version)". Set it to your deployment's homepage or repository; the default uses the reserved ".invalid" domain because this project has no public address.</summary>
    public string UserAgentUrl { get; set; } = "https://sourcebot.invalid";
}

public sealed class DiscordRateLimitOptions
{
    /// <summary>Questions one user may ask in <see cref="Window"/>.</summary>
    public int QuestionsPerUser { get; set; } = 5;

    /// <summary>Answer buttons (read around, pages, other matches, cite, votes, share, rephrase) one user may press in <see cref="Window"/>.</summary>
    public int ButtonPressesPerUser { get; set; } = 30;

    /// <summary>Moderator actions (/kb commands, the passage edit form, the Teach buttons) one user may take in <see cref="Window"/>.</summary>
    public int KbCommandsPerUser { get; set; } = 10;

    /// <summary>Button presses and moderator actions of all users together in <see cref="Window"/>; past it everyone is asked to wait.</summary>
    public int PressesAllUsers { get; set; } = 600;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long the same passage is not posted again in the same channel ("just answered above").</summary>
    public TimeSpan SamePassageCooldown { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>A setting the bot cannot start with. <see cref="Exception.Message"/> is one line, fit to print as it is.</summary>
public sealed class DiscordConfigurationException : Exception
{
    public DiscordConfigurationException(string message) : base(message) { }
    public DiscordConfigurationException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>Checks the shape of a bot token without contacting Discord.</summary>
public static partial class DiscordToken
{
    public const string MissingOrMalformedAdvice =
        "set SourceBot:Discord:Token in appsettings.json, the SOURCEBOT__DISCORD__TOKEN environment variable or user secrets. " +
        "To try SourceBot locally without Discord, run: dotnet run --project src/SourceBot -- chat";

    // Three base64url segments: the bot's user id, a timestamp and an HMAC.
    [GeneratedRegex(@"^[A-Za-z0-9_\-]{16,}\.[A-Za-z0-9_\-]{4,}\.[A-Za-z0-9_\-]{20,}$")]
    private static partial Regex Shape();

    /// <summary>Null when the token looks usable, else why not (never containing the token itself).</summary>
    public static string? Problem(string? token)
    {
        if (string.IsNullOrWhiteSpace(token)) return "missing";
        var t = token.Trim();
        if (t.StartsWith("Bot ", StringComparison.OrdinalIgnoreCase)) return "it starts with \"Bot \"; paste the token alone";
        if (t.Length != token.Length || t.Any(char.IsWhiteSpace)) return "it contains spaces or line breaks";
        if (t.StartsWith('"') || t.StartsWith('\'')) return "it is wrapped in quotes";
        if (!Shape().IsMatch(t)) return "it is not three dot-separated parts as the Developer Portal shows it";
        return null;
    }

    /// <summary>Throws <see cref="DiscordConfigurationException"/> with a one-line message when the token is missing or malformed.</summary>
    public static void Validate(string? token)
    {
        if (Problem(token) is { } problem) throw new DiscordConfigurationException(Message(problem));
    }

    internal static string Message(string problem) => $"Discord token missing or malformed ({problem}): {MissingOrMalformedAdvice}";

    /// <summary>
    /// The one line for a token Discord refused, wherever it refused it (<paramref name="how"/>: "gateway close code 4004,
    /// authentication failed", "HTTP 401 on GET /gateway/bot").
    /// </summary>
    internal static string RejectedMessage(string how) =>
        $"Discord rejected the bot token ({how}): the token in SourceBot:Discord:Token is wrong or was reset. Copy a new one from the Bot page of your application at https://discord.com/developers/applications.";
}

/// <summary>Validates <see cref="DiscordOptions"/> at start (registered with ValidateOnStart).</summary>
public sealed partial class DiscordOptionsValidator : IValidateOptions<DiscordOptions>
{
    [GeneratedRegex(@"^[0-9]{1,20}$")]
    private static partial Regex Snowflake();

    public ValidateOptionsResult Validate(string? name, DiscordOptions o)
    {
        var errors = new List<string>();
        if (DiscordToken.Problem(o.Token) is { } problem) errors.Add(DiscordToken.Message(problem));
        if (!string.IsNullOrWhiteSpace(o.ApplicationId) && !Snowflake().IsMatch(o.ApplicationId))
            errors.Add("SourceBot:Discord:ApplicationId must be a numeric Discord id (or empty to read it from Discord).");
        if (!string.IsNullOrWhiteSpace(o.GuildId) && !Snowflake().IsMatch(o.GuildId))
            errors.Add("SourceBot:Discord:GuildId must be a numeric Discord server id (or empty to register commands globally).");
        foreach (var id in o.AllowedChannelIds ?? [])
        {
            if (!Snowflake().IsMatch(id ?? "")) errors.Add($"SourceBot:Discord:AllowedChannelIds has \"{id}\", which is not a numeric channel id.");
        }
        foreach (var id in o.ModeratorGuildIds ?? [])
        {
            if (!Snowflake().IsMatch(id ?? "")) errors.Add($"SourceBot:Discord:ModeratorGuildIds has \"{id}\", which is not a numeric server id.");
        }
        foreach (var id in o.ModeratorRoleIds ?? [])
        {
            if (!Snowflake().IsMatch(id ?? "")) errors.Add($"SourceBot:Discord:ModeratorRoleIds has \"{id}\", which is not a numeric role id.");
        }
        if (o.MaxAttachmentBytes is < 1 or > 25_000_000) errors.Add("SourceBot:Discord:MaxAttachmentBytes must be between 1 and 25000000.");
        if (!Uri.TryCreate(o.ApiBaseUrl, UriKind.Absolute, out var api) || (api.Scheme != Uri.UriSchemeHttps && api.Scheme != Uri.UriSchemeHttp))
            errors.Add("SourceBot:Discord:ApiBaseUrl must be an absolute http(s) URL such as https://discord.com/api/v10.");
        if (!string.IsNullOrWhiteSpace(o.GatewayUrlOverride) &&
            (!Uri.TryCreate(o.GatewayUrlOverride, UriKind.Absolute, out var gw) || (gw.Scheme != "wss" && gw.Scheme != "ws")))
            errors.Add("SourceBot:Discord:GatewayUrlOverride must be an absolute ws:// or wss:// URL, or empty.");
        if (string.IsNullOrWhiteSpace(o.FeedbackDatabasePath)) errors.Add("SourceBot:Discord:FeedbackDatabasePath must not be empty.");
        if (o.AnswerCacheSize is < 1 or > 1_000_000) errors.Add("SourceBot:Discord:AnswerCacheSize must be between 1 and 1000000.");
        if (o.AnswerCacheLifetime <= TimeSpan.Zero) errors.Add("SourceBot:Discord:AnswerCacheLifetime must be positive.");
        if (o.RequestTimeout <= TimeSpan.Zero) errors.Add("SourceBot:Discord:RequestTimeout must be positive.");
        if (o.MaxRetries is < 0 or > 10) errors.Add("SourceBot:Discord:MaxRetries must be between 0 and 10.");
        if (o.ReconnectMaxDelay < TimeSpan.FromSeconds(1)) errors.Add("SourceBot:Discord:ReconnectMaxDelay must be at least one second.");
        if (o.ForbiddenChannelPause < TimeSpan.Zero || o.ForbiddenChannelPause > TimeSpan.FromDays(7))
            errors.Add("SourceBot:Discord:ForbiddenChannelPause must be between 00:00:00 and 7.00:00:00.");
        if (o.RateLimit is null) errors.Add("SourceBot:Discord:RateLimit is missing.");
        else
        {
            if (o.RateLimit.QuestionsPerUser < 1) errors.Add("SourceBot:Discord:RateLimit:QuestionsPerUser must be at least 1.");
            if (o.RateLimit.ButtonPressesPerUser < 1) errors.Add("SourceBot:Discord:RateLimit:ButtonPressesPerUser must be at least 1.");
            if (o.RateLimit.KbCommandsPerUser < 1) errors.Add("SourceBot:Discord:RateLimit:KbCommandsPerUser must be at least 1.");
            if (o.RateLimit.PressesAllUsers < 1) errors.Add("SourceBot:Discord:RateLimit:PressesAllUsers must be at least 1.");
            if (o.RateLimit.Window <= TimeSpan.Zero) errors.Add("SourceBot:Discord:RateLimit:Window must be positive.");
            if (o.RateLimit.SamePassageCooldown < TimeSpan.Zero) errors.Add("SourceBot:Discord:RateLimit:SamePassageCooldown must not be negative.");
        }
        if (!Uri.TryCreate(o.UserAgentUrl, UriKind.Absolute, out _)) errors.Add("SourceBot:Discord:UserAgentUrl must be an absolute URL.");
        ValidateShards(o.Shards, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateShards(DiscordShardOptions? shards, List<string> errors)
    {
        if (shards is null)
        {
            errors.Add("SourceBot:Discord:Shards is missing.");
            return;
        }
        if (shards.Count is < 1)
            errors.Add($"SourceBot:Discord:Shards:Count is {shards.Count}; it must be at least 1, or empty to use Discord's recommended count.");
        var ids = shards.Ids ?? [];
        foreach (var id in ids.Where(id => id < 0).Distinct())
            errors.Add($"SourceBot:Discord:Shards:Ids has {id}; shard ids start at 0.");
        if (shards.Count is { } count && count > 0)
        {
            foreach (var id in ids.Where(id => id >= count).Distinct())
                errors.Add($"SourceBot:Discord:Shards:Ids has {id}, but Shards:Count is {count}: shard ids go from 0 to {count - 1}.");
        }
        foreach (var id in ids.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key))
            errors.Add($"SourceBot:Discord:Shards:Ids lists shard {id} more than once.");
    }
}

/// <summary>Keeps secrets out of text that may be logged or shown.</summary>
public static class Secrets
{
    public const string Mask = "[redacted]";

    public static string Redact(string? text, params ReadOnlySpan<string?> secrets)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        foreach (var s in secrets)
        {
            if (!string.IsNullOrEmpty(s) && s.Length >= 8) text = text.Replace(s, Mask, StringComparison.Ordinal);
        }
        return text;
    }
}
