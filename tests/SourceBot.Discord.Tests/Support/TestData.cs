using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using SourceBot.Core.Answers;
using SourceBot.Discord;
using SourceBot.Discord.Client;

namespace SourceBot.Discord.Tests.Support;

public static class TestData
{
    /// <summary>Shaped like a real bot token (three base64url parts) but not one.</summary>
    public const string Token = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789_-AB";

    public static readonly Citation Cohen = new(["Roberta Cohen"], "Legal Grounds for Protection of North Korean Refugees",
        "Brookings Institution", "2010-09-13", "https://www.brookings.edu/articles/legal-grounds-for-protection-of-north-korean-refugees/");

    public static Answer Answered(string question = "When did China accede to the Refugee Convention?", string passageId = "001#p4",
        string quote = "In 1982, China acceded to the 1951 Convention relating to the Status of Refugees and its 1967 Protocol.[12]",
        ImmutableArray<FootnoteRef>? footnotes = null, ImmutableArray<Alternative>? alternatives = null, Citation? citation = null) =>
        new(question, AnswerOutcome.Answered, quote,
            footnotes ?? [new FootnoteRef(12, "UNHCR, States Parties to the 1951 Convention, https://www.unhcr.org/protect/PROTECTION/3b73b0d63.pdf")],
            citation ?? Cohen, "001", passageId, quote, 0.87, 0.31,
            alternatives ?? [new Alternative("002#p7", "002", "China has been party to the Refugee Convention since 1982.", 0.52)],
            "", []);

    public static Answer NotCovered(string question = "What is the capital of France?") =>
        Answer.NoAnswer(question, AnswerOutcome.NotCovered, "No passage of the sources is about this.",
            ["China's treatment of North Korean refugees", "the 1951 Refugee Convention"]);

    public static PassageView Page(string id = "001#p4", string? prev = "001#p3", string? next = "001#p5", int position = 4, int count = 20, string? text = null) =>
        new(id, "001", text ?? "In 1982, China acceded to the 1951 Convention.[12] It also signed the 1967 Protocol.",
            [new FootnoteRef(12, "UNHCR, States Parties.")], Cohen, prev, next, position, count);

    /// <summary>Where a cached answer in a test was given, when that does not matter to the test.</summary>
    public static readonly SourceBot.Discord.Interactions.AnswerOrigin Origin = new("700", "c1", "u1", IsPrivate: false);

    public static DiscordOptions Options(Action<DiscordOptions>? configure = null)
    {
        var o = new DiscordOptions { Token = Token, ApplicationId = "1000", FeedbackDatabasePath = Path.Combine(Path.GetTempPath(), "sb-test-" + Guid.NewGuid().ToString("N"), "fb.db") };
        configure?.Invoke(o);
        return o;
    }

    public static JsonElement Json(object? value) => JsonSerializer.SerializeToElement(value, value?.GetType() ?? typeof(object), DiscordJson.Options);

    /// <summary>Random prose: words of 1–25 letters (some 40–300 long), punctuation, footnote markers, emoji, line breaks.</summary>
    public static string RandomText(Random random, int approxLength)
    {
        var sb = new StringBuilder();
        string[] ends = [".", "?", "!", ".[3]", ".”", ",", ";", ":", "", "", "", ""];
        while (sb.Length < approxLength)
        {
            int len = random.Next(100) < 2 ? random.Next(40, 300) : random.Next(1, 25);
            for (int i = 0; i < len; i++)
            {
                int r = random.Next(100);
                sb.Append(r < 2 ? "😀" : r < 4 ? "é" : (char)('a' + random.Next(26)));
            }
            sb.Append(ends[random.Next(ends.Length)]);
            sb.Append(random.Next(30) == 0 ? "\n" : " ");
        }
        return sb.ToString();
    }
}
