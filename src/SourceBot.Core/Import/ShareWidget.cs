using System.Text.RegularExpressions;

namespace SourceBot.Core.Import;

/// <summary>
/// A share bar copied as text: "Share this via Facebook Twitter LinkedIn Email", "Share on X / Share on WhatsApp",
/// "Share: Facebook | X | Email", a row of network names, or one name of a bar set vertically. A line is a share bar only
/// when every word in it is a network name or share wording, so a sentence that mentions a network ("The ministry shared
/// the report via Twitter on Monday.") or opens with "Share" ("Share prices rose ...") never is.
/// </summary>
internal static partial class ShareWidget
{
    /// <summary>The names share bars list. Several are ordinary words too ("Line", "Pocket", "Print"): a line of them counts
    /// only beside share wording or another name.</summary>
    private static readonly HashSet<string> Networks = new(StringComparer.Ordinal)
    {
        "facebook", "messenger", "twitter", "x", "linkedin", "whatsapp", "reddit", "telegram", "pinterest", "instagram",
        "youtube", "tiktok", "mastodon", "bluesky", "threads", "flipboard", "tumblr", "wechat", "weibo", "kakaotalk", "naver",
        "line", "vk", "xing", "pocket", "email", "e-mail", "mail", "sms", "print", "copy link", "copy url", "hacker news",
        "facebook messenger",
    };

    /// <summary>The wording around the names: "Share this article via", "Click to share on", "Follow us on", "Send by".</summary>
    private static readonly HashSet<string> ShareVerbs = new(StringComparer.Ordinal) { "share", "tweet", "post", "send", "pin", "follow", "click" };

    private static readonly HashSet<string> ShareFillers = new(StringComparer.Ordinal)
    {
        "this", "it", "us", "article", "story", "page", "release", "link", "video", "via", "on", "to", "with", "by",
    };

    /// <summary>What a copied icon link adds: "(opens in new window)", "X (formerly Twitter)".</summary>
    [GeneratedRegex(@"\((?:opens\s+in\s+(?:a\s+)?new\s+(?:window|tab)|formerly\s+twitter|twitter)\)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex IconLinkNote();

    [GeneratedRegex(@"[|/·•,;:]|\s[–—-]\s")]
    private static partial Regex Separator();

    /// <summary>A whole line of share bar: network names with share wording, or at least two names.</summary>
    public static bool IsShareLine(string text)
    {
        if (PageText.WordCount(text) > 24) return false;
        var (names, verbs, parsed) = Parse(text);
        return parsed && (names >= 2 || names >= 1 && verbs >= 1);
    }

    /// <summary>A line that is one network name and nothing else: an item of a share bar set vertically.</summary>
    public static bool IsNetworkName(string text)
    {
        var (names, verbs, parsed) = Parse(text);
        return parsed && names == 1 && verbs == 0 && Words(text).Length <= 2;
    }

    /// <summary>Counts the names and share verbs; parsed is false when any word is neither a name nor share wording.</summary>
    private static (int Names, int Verbs, bool Parsed) Parse(string text)
    {
        var words = Words(text);
        int names = 0, verbs = 0;
        for (int i = 0; i < words.Length; i++)
        {
            if (i + 1 < words.Length && Networks.Contains(words[i] + " " + words[i + 1])) { names++; i++; }
            else if (Networks.Contains(words[i])) names++;
            else if (ShareVerbs.Contains(words[i])) verbs++;
            else if (!ShareFillers.Contains(words[i])) return (names, verbs, false);
        }
        return (names, verbs, words.Length > 0);
    }

    private static string[] Words(string text)
    {
        var s = IconLinkNote().Replace(text.ToLowerInvariant(), " ");
        s = Separator().Replace(s, " ").Trim().TrimEnd('.');
        return s.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }
}
