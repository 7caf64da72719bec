using SourceBot.Discord.Rendering;
using SourceBot.Discord.Tests.Support;

namespace SourceBot.Discord.Tests.Rendering;

public sealed class TextFitTests
{
    /// <summary>The kept text is a prefix of the original that ends between two words (or, only for an over-long word, inside it).</summary>
    private static void AssertCleanCut(string original, string result, int limit)
    {
        var s = original.Trim();
        Assert.True(result.Length <= limit, $"{result.Length} > {limit}");
        if (result == s) return;
        Assert.EndsWith(TextFit.Ellipsis, result);
        var kept = result[..^TextFit.Ellipsis.Length].TrimEnd();
        Assert.StartsWith(kept, s, StringComparison.Ordinal);
        if (kept.Length == 0) return;
        bool longWord = !s[..Math.Min(s.Length, limit)].Any(char.IsWhiteSpace);
        if (longWord) return;
        bool splitsWord = char.IsLetterOrDigit(s[kept.Length - 1]) && kept.Length < s.Length && char.IsLetterOrDigit(s[kept.Length]);
        Assert.False(splitsWord, $"cut mid-word at {kept.Length}: …{s[Math.Max(0, kept.Length - 10)..Math.Min(s.Length, kept.Length + 10)]}…");
        Assert.False(char.IsHighSurrogate(kept[^1]), "cut inside a surrogate pair");
    }

    [Fact]
    public void Text_within_the_limit_is_returned_trimmed_and_unchanged()
    {
        Assert.Equal("A short quote.", TextFit.Truncate("  A short quote. ", 100));
    }

    [Fact]
    public void Over_many_generated_strings_the_result_never_exceeds_the_limit_and_never_cuts_mid_word()
    {
        var random = new Random(1234);
        int[] limits = [1, 2, 3, 10, 45, 80, 100, 256, 1024, 2000, 2048, 4096];
        for (int i = 0; i < 3000; i++)
        {
            var text = TestData.RandomText(random, random.Next(1, 6000));
            var limit = limits[random.Next(limits.Length)];
            AssertCleanCut(text, TextFit.Truncate(text, limit), limit);
        }
    }

    [Fact]
    public void A_long_text_is_cut_at_a_sentence_end_when_that_keeps_most_of_it()
    {
        var text = string.Join(" ", Enumerable.Repeat("The Convention was signed in 1982 by China.", 10));
        var result = TextFit.Truncate(text, 100);
        Assert.Equal("The Convention was signed in 1982 by China. The Convention was signed in 1982 by China. …", result);
    }

    [Fact]
    public void A_sentence_ending_in_a_footnote_marker_counts_as_a_sentence_end()
    {
        var text = "China acceded in 1982.[12] It has not applied the Convention to North Koreans since then, officials say again and again.";
        Assert.Equal("China acceded in 1982.[12] …", TextFit.Truncate(text, 50));
    }

    [Fact]
    public void Without_a_usable_sentence_end_the_cut_is_at_a_word_boundary_with_dangling_punctuation_dropped()
    {
        var result = TextFit.Truncate("repatriation, detention, and forced labour, according to many reports", 40);
        Assert.Equal("repatriation, detention, and forced…", result);
    }

    [Fact]
    public void A_single_word_longer_than_the_limit_is_cut_without_splitting_a_surrogate_pair()
    {
        var word = string.Concat(Enumerable.Repeat("😀", 50));
        var result = TextFit.Truncate(word, 10);
        Assert.True(result.Length <= 10);
        Assert.EndsWith("…", result);
        Assert.False(char.IsHighSurrogate(result[^2]));
    }

    [Fact]
    public void Pack_keeps_lines_whole_and_every_chunk_within_the_limit()
    {
        var lines = Enumerable.Range(1, 30).Select(i => $"[{i}] " + new string('x', 10) + " footnote text number " + i).ToList();
        lines.Add("[31] " + string.Join(" ", Enumerable.Repeat("long", 400)));
        var chunks = TextFit.Pack(lines, 1024);
        Assert.All(chunks, c => Assert.True(c.Length <= 1024));
        var all = string.Join("\n", chunks).Split('\n');
        Assert.Equal(31, all.Length);
        Assert.Equal(lines.Take(30), all.Take(30));
        Assert.EndsWith("…", all[30]);
    }
}
