using System.Text.RegularExpressions;

namespace SourceBot.Discord.Bot;

/// <summary>Turns message text into a question: mention syntax out, whitespace collapsed.</summary>
public static partial class MessageText
{
    [GeneratedRegex(@"<(@!?|@&|#)\d{1,20}>")]
    private static partial Regex MentionSyntax();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    /// <summary>Whether the text mentions the user explicitly (&lt;@id&gt; or &lt;@!id&gt;).</summary>
    public static bool Mentions(string? content, string? userId) =>
        content is not null && userId is not null &&
        (content.Contains($"<@{userId}>", StringComparison.Ordinal) || content.Contains($"<@!{userId}>", StringComparison.Ordinal));

    /// <summary>The text without user, role and channel mention syntax, with whitespace collapsed and leading punctuation (",", ":") dropped.</summary>
    public static string StripMentions(string? content)
    {
        if (string.IsNullOrWhiteSpace(content)) return "";
        var text = MentionSyntax().Replace(content, " ");
        text = Spaces().Replace(text, " ").Trim();
        return text.TrimStart(',', ':', ';', '-', ' ').Trim();
    }

    /// <summary>https://discord.com/channels/{guild or @me}/{channel}/{message}.</summary>
    public static string Link(string? guildId, string channelId, string messageId) =>
        $"https://discord.com/channels/{guildId ?? "@me"}/{channelId}/{messageId}";
}
