using System.Collections.Immutable;
using SourceBot.Core.Answers;
using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Wire;
using SourceBot.Discord.Interactions;
using SourceBot.Discord.Rendering;
using SourceBot.Discord.Tests.Support;

namespace SourceBot.Discord.Tests.Rendering;

public sealed class RenderTests
{
    private readonly InMemoryRecentAnswerStore _store = new(100, TimeSpan.FromHours(1), TimeProvider.System);
    private readonly RecentAnswers _recent;

    public RenderTests() => _recent = new(_store);

    private static void AssertWithinLimits(MessagePayload payload)
    {
        var violations = DiscordLimits.Violations(payload);
        Assert.True(violations.Count == 0, string.Join("; ", violations));
    }

    [Fact]
    public void An_answer_is_an_embed_with_the_quote_footnotes_citation_link_and_a_footer_with_score_and_passage()
    {
        var answer = TestData.Answered();
        var payload = AnswerRenderer.RenderAnswer(answer, "KEY0000001", isPrivate: false, CustomIdAliases.None);
        AssertWithinLimits(payload);
        var embed = Assert.Single(payload.Embeds!);
        Assert.Equal(answer.Question, embed.Title);
        Assert.Equal(answer.Quote, embed.Description);
        var notes = Assert.Single(embed.Fields!, f => f.Name == "Footnotes");
        Assert.Equal("[12] " + answer.Footnotes[0].Text, notes.Value);
        var source = Assert.Single(embed.Fields!, f => f.Name == "Source");
        Assert.Contains(TestData.Cohen.ToString(), source.Value);
        Assert.Contains(TestData.Cohen.Url!, source.Value);
        Assert.Equal(TestData.Cohen.Url, embed.Url);
        Assert.Contains("0.87", embed.Footer!.Text);
        Assert.Contains("001#p4", embed.Footer.Text);
    }

    [Fact]
    public void An_answer_has_read_around_other_matches_cite_and_feedback_buttons()
    {
        var payload = AnswerRenderer.RenderAnswer(TestData.Answered(), "KEY0000001", isPrivate: false, CustomIdAliases.None);
        var first = payload.Components![0].Components;
        Assert.Equal(new[] { "Read around", "Other matches", "Cite", "", "" }, first.Select(b => b.Label ?? "").ToArray());
        Assert.Equal(["👍", "👎"], first.Skip(3).Select(b => b.Emoji!.Name).ToArray());
        Assert.Equal("sb:ra:001#p4", first[0].CustomId);
        Assert.Equal("sb:om:KEY0000001", first[1].CustomId);
        Assert.Equal("sb:ct:001#p4", first[2].CustomId);
        Assert.Equal("sb:up:KEY0000001", first[3].CustomId);
        Assert.Equal("sb:dn:KEY0000001", first[4].CustomId);
        Assert.DoesNotContain(payload.Components.SelectMany(r => r.Components), b => b.Label == "Share to channel");
    }

    [Fact]
    public void A_private_answer_also_has_a_share_to_channel_button()
    {
        var payload = AnswerRenderer.RenderAnswer(TestData.Answered(), "KEY0000001", isPrivate: true, CustomIdAliases.None);
        var share = Assert.Single(payload.Components!.SelectMany(r => r.Components), b => b.Label == "Share to channel");
        Assert.Equal("sb:sh:KEY0000001", share.CustomId);
    }

    [Fact]
    public void Other_matches_is_disabled_when_there_are_no_alternatives()
    {
        var payload = AnswerRenderer.RenderAnswer(TestData.Answered(alternatives: []), "K", isPrivate: false, CustomIdAliases.None);
        Assert.True(payload.Components![0].Components[1].Disabled);
    }

    [Fact]
    public void A_no_answer_says_the_sources_do_not_cover_it_with_the_reason_and_the_closest_topics()
    {
        var payload = AnswerRenderer.RenderAnswer(TestData.NotCovered(), "KEY", isPrivate: false, CustomIdAliases.None);
        AssertWithinLimits(payload);
        var description = Assert.Single(payload.Embeds!).Description!;
        Assert.StartsWith("The sources don't cover that.", description);
        Assert.Contains("No passage of the sources is about this.", description);
        Assert.Contains("Closest topics they do cover: China's treatment of North Korean refugees; the 1951 Refugee Convention.", description);
        Assert.Equal("sb:rq:KEY", Assert.Single(payload.Components!.SelectMany(r => r.Components)).CustomId);
    }

    [Fact]
    public void A_10000_character_quote_with_30_long_footnotes_stays_within_every_limit_and_is_cut_visibly()
    {
        var random = new Random(7);
        var quote = TestData.RandomText(random, 10_000);
        var notes = Enumerable.Range(1, 30).Select(i => new FootnoteRef(i, TestData.RandomText(random, 400))).ToImmutableArray();
        var answer = TestData.Answered(question: TestData.RandomText(random, 600), quote: quote, footnotes: notes);
        var payload = AnswerRenderer.RenderAnswer(answer, "K", isPrivate: true, CustomIdAliases.None);
        AssertWithinLimits(payload);
        var embed = payload.Embeds![0];
        Assert.EndsWith("…", embed.Description);
        Assert.EndsWith("…", embed.Title);
        Assert.Contains(embed.Fields!, f => f.Value.EndsWith("… more footnotes: use Read around.", StringComparison.Ordinal));
        Assert.Contains(embed.Fields!, f => f.Name == "Source");
    }

    [Fact]
    public void Over_many_generated_answers_every_rendering_stays_within_every_limit()
    {
        var random = new Random(99);
        for (int i = 0; i < 300; i++)
        {
            var notes = Enumerable.Range(1, random.Next(0, 40)).Select(n => new FootnoteRef(n, TestData.RandomText(random, random.Next(1, 1500)))).ToImmutableArray();
            var authors = Enumerable.Range(0, random.Next(0, 6)).Select(_ => TestData.RandomText(random, 20)).ToImmutableArray();
            var citation = new Citation(authors, TestData.RandomText(random, random.Next(1, 700)), random.Next(2) == 0 ? null : TestData.RandomText(random, 100),
                "2010-09-13", random.Next(3) == 0 ? null : "https://example.org/" + new string('a', random.Next(1, 900)));
            var alternatives = Enumerable.Range(0, random.Next(0, 8)).Select(n => new Alternative($"s#p{n}", "s", TestData.RandomText(random, 2000), 0.1)).ToImmutableArray();
            var answer = TestData.Answered(question: TestData.RandomText(random, random.Next(1, 1000)), quote: TestData.RandomText(random, random.Next(1, 9000)),
                footnotes: notes, alternatives: alternatives, citation: citation);
            AssertWithinLimits(AnswerRenderer.RenderAnswer(answer, "K", isPrivate: random.Next(2) == 0, CustomIdAliases.None));
            AssertWithinLimits(AnswerRenderer.RenderAlternatives(answer, _ => null, CustomIdAliases.None));
            AssertWithinLimits(AnswerRenderer.RenderCitations(citation));
            AssertWithinLimits(AnswerRenderer.RenderPassage(new PassageView("s#p1", "s", answer.Quote!, notes, citation, "s#p0", null, 1, 2), CustomIdAliases.None));
        }
    }

    [Fact]
    public void Every_citation_style_fits_its_field_in_a_copyable_block()
    {
        var payload = AnswerRenderer.RenderCitations(TestData.Cohen);
        AssertWithinLimits(payload);
        var fields = payload.Embeds![0].Fields!;
        Assert.Equal(["APA", "MLA", "Chicago"], fields.Select(f => f.Name).ToArray());
        Assert.Equal("```\n" + TestData.Cohen.Format(CitationStyle.Apa) + "\n```", fields[0].Value);
        Assert.Equal("```\n" + TestData.Cohen.Format(CitationStyle.Mla) + "\n```", fields[1].Value);
        Assert.Equal("```\n" + TestData.Cohen.Format(CitationStyle.Chicago) + "\n```", fields[2].Value);
        Assert.Equal(MessageFlags.Ephemeral, payload.Flags);
    }

    [Fact]
    public void A_quoted_everyone_or_user_mention_is_sent_with_allowed_mentions_parse_empty()
    {
        var answer = TestData.Answered(quote: "He wrote \"@everyone read this\" and pinged <@123456789012345678> and <@&987654321098765432>.");
        var json = TestData.Json(AnswerRenderer.RenderAnswer(answer, "K", false, CustomIdAliases.None));
        Assert.Contains("@everyone", json.GetProperty("embeds")[0].GetProperty("description").GetString());
        var allowed = json.GetProperty("allowed_mentions");
        Assert.Equal(0, allowed.GetProperty("parse").GetArrayLength());
        Assert.False(allowed.GetProperty("replied_user").GetBoolean());
        var note = TestData.Json(AnswerRenderer.Note("@everyone"));
        Assert.Equal(0, note.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
    }

    [Fact]
    public void A_passage_page_has_its_own_footnotes_citation_and_prev_next_buttons()
    {
        var payload = AnswerRenderer.RenderPassage(TestData.Page(), CustomIdAliases.None);
        AssertWithinLimits(payload);
        var embed = payload.Embeds![0];
        Assert.StartsWith("Passage 4 of 20", embed.Title);
        Assert.Contains(embed.Fields!, f => f.Name == "Footnotes" && f.Value == "[12] UNHCR, States Parties.");
        Assert.Contains(embed.Fields!, f => f.Name == "Source" && f.Value.Contains(TestData.Cohen.ToString()));
        var buttons = payload.Components![0].Components;
        Assert.Equal("sb:pg:001#p3", buttons[0].CustomId);
        Assert.Equal("sb:pg:001#p5", buttons[1].CustomId);
    }

    [Fact]
    public void The_first_and_last_pages_disable_prev_and_next()
    {
        var buttons = AnswerRenderer.RenderPassage(TestData.Page(prev: null, next: null), CustomIdAliases.None).Components![0].Components;
        Assert.True(buttons[0].Disabled);
        Assert.True(buttons[1].Disabled);
    }

    [Fact]
    public void Sources_lists_every_source_with_its_citation_and_cuts_a_long_list_with_and_n_more()
    {
        var few = AnswerRenderer.RenderSources([new SourceSummary("001", TestData.Cohen, 20, true)]);
        AssertWithinLimits(few);
        Assert.Contains(TestData.Cohen.ToString(), few.Embeds![0].Description);
        Assert.Contains(TestData.Cohen.Url!, few.Embeds[0].Description);

        var many = AnswerRenderer.RenderSources(Enumerable.Range(0, 200).Select(i => new SourceSummary($"{i}", TestData.Cohen, 5, true)).ToImmutableArray());
        AssertWithinLimits(many);
        Assert.Equal("Sources (200)", many.Embeds![0].Title);
        Assert.Matches(@"… and \d+ more\.$", many.Embeds[0].Description);
    }

    [Fact]
    public void About_shows_the_version_knowledge_hash_and_model_hash()
    {
        var payload = AnswerRenderer.RenderAbout(new EngineInfo("1.2.3", "kh-abc", "mh-def", 4, 120), "0.1.0");
        AssertWithinLimits(payload);
        var fields = payload.Embeds![0].Fields!;
        Assert.Contains("1.2.3", fields.Single(f => f.Name == "Version").Value);
        Assert.Contains("kh-abc", fields.Single(f => f.Name == "Knowledge hash").Value);
        Assert.Contains("mh-def", fields.Single(f => f.Name == "Model hash").Value);
    }

    [Fact]
    public async Task Custom_ids_stay_within_100_characters_even_for_very_long_passage_ids_and_decode_back()
    {
        var longId = new string('x', 300) + "#p1";
        var id = await CustomIds.EncodeAsync(BotAction.ReadAround, longId, _recent);
        Assert.True(id.Length <= 100);
        Assert.Equal((BotAction.ReadAround, longId), await CustomIds.DecodeAsync(id, _recent));
        Assert.Equal((BotAction.Cite, "003#p4"), await CustomIds.DecodeAsync(await CustomIds.EncodeAsync(BotAction.Cite, "003#p4", _recent), _recent));
        Assert.Equal(BotAction.Unknown, (await CustomIds.DecodeAsync("something-else", _recent)).Action);
    }

    [Fact]
    public async Task Rendering_a_very_long_passage_id_uses_the_alias_registered_beforehand_and_adds_nothing_to_the_cache()
    {
        var longId = new string('x', 300) + "#p1";
        var answer = TestData.Answered() with { PassageId = longId };
        var aliases = await _recent.AliasesForAsync(AnswerRenderer.AnswerButtonArguments(answer));
        int cached = _store.Count;

        var payload = AnswerRenderer.RenderAnswer(answer, "KEY0000001", isPrivate: false, aliases);

        Assert.Equal(cached, _store.Count);
        var readAround = payload.Components![0].Components[0].CustomId;
        Assert.True(readAround!.Length <= 100);
        Assert.Equal((BotAction.ReadAround, longId), await CustomIds.DecodeAsync(readAround, _recent));
    }

    [Fact]
    public void Rendering_a_very_long_passage_id_without_its_alias_is_refused()
    {
        var answer = TestData.Answered() with { PassageId = new string('x', 300) + "#p1" };
        Assert.Throws<ArgumentException>(() => AnswerRenderer.RenderAnswer(answer, "KEY0000001", isPrivate: false, CustomIdAliases.None));
    }

    [Fact]
    public void A_question_modal_prefills_the_question_in_a_labelled_paragraph_input()
    {
        var modal = AnswerRenderer.QuestionModal("sb:mq:e", "Ask again in other words", "Why?");
        var json = TestData.Json(new InteractionResponse { Type = InteractionCallbackType.Modal, Data = modal });
        Assert.Equal(9, json.GetProperty("type").GetInt32());
        var label = json.GetProperty("data").GetProperty("components")[0];
        Assert.Equal(18, label.GetProperty("type").GetInt32());
        var input = label.GetProperty("component");
        Assert.Equal(4, input.GetProperty("type").GetInt32());
        Assert.Equal("q", input.GetProperty("custom_id").GetString());
        Assert.Equal("Why?", input.GetProperty("value").GetString());
    }
}
