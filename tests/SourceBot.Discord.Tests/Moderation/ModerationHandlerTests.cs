using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Moq;
using SourceBot.Core.Answers;
using SourceBot.Core.Feedback;
using SourceBot.Core.Import;
using SourceBot.Core.Moderation;
using SourceBot.Core.QuestionLog;
using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Wire;
using SourceBot.Discord.Interactions;
using SourceBot.Discord.Moderation;
using SourceBot.Discord.Rendering;
using SourceBot.Discord.Tests.Support;

namespace SourceBot.Discord.Tests.Moderation;

/// <summary>/kb, the Teach buttons and the edit form through the interaction handler, with Moq behind the knowledge service.</summary>
public sealed class ModerationHandlerTests
{
    private static readonly Actor Mod = new("discord:u1", "asker");
    private static readonly string[] Mods = BotHarness.ModeratorRoles;

    private static Dictionary<string, object> Opts(params (string Key, object Value)[] options) => options.ToDictionary(o => o.Key, o => o.Value);

    /// <summary>The deferral (private) and the edited result; returns the result's embed.</summary>
    private static JsonElement DeferredThenEdited(RestCall[] calls)
    {
        Assert.Equal(["callback", "edit"], calls.Select(c => c.Kind).ToArray());
        Assert.Equal(5, calls[0].Json.GetProperty("type").GetInt32());
        Assert.Equal(64, calls[0].Json.GetProperty("data").GetProperty("flags").GetInt32());
        var edit = (MessagePayload)calls[1].Body!;
        Assert.Empty(DiscordLimits.Violations(edit));
        return calls[1].Json.GetProperty("embeds")[0];
    }

    /// <summary>A single immediate private reply (type 4, flag 64); returns its text.</summary>
    private static string PrivateReply(RestCall[] calls)
    {
        var call = Assert.Single(calls);
        Assert.Equal("callback", call.Kind);
        Assert.Equal(4, call.Json.GetProperty("type").GetInt32());
        Assert.Equal(64, call.Json.GetProperty("data").GetProperty("flags").GetInt32());
        return call.Json.GetProperty("data").GetProperty("content").GetString()!;
    }

    // ---- /kb add ----

    private static DiscordAttachment File(string name = "page.md", long size = 120) =>
        new() { Id = "att1", Filename = name, Size = size, Url = "https://cdn.discordapp.com/attachments/1/2/" + name, ContentType = "text/markdown" };

    [Fact]
    public async Task Kb_add_downloads_the_attachment_imports_it_and_shows_the_import_report()
    {
        var h = new BotHarness();
        var bytes = Encoding.UTF8.GetBytes("Title: A page\n\nSome article text. " + new string('x', 80));
        h.Downloader.Setup(d => d.DownloadAsync(It.Is<DiscordAttachment>(a => a.Id == "att1"), 1_000_000, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new AttachmentDownload(bytes, null));
        var report = new ImportReport("004", 12, 3, [new DroppedBlock(1, 3, DropReason.Navigation, "Menu Home About", 3)],
            [new MetadataFinding("title", "A page", "first line")], ["no date found"]);
        h.Knowledge.Setup(k => k.AddSourceAsync(Mod, "page.md", bytes, "new report", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new KbResult(true, "added source 004 \"A page\" from page.md (12 passages, 3 footnotes)", Change(7), report));

        await h.Interactions.HandleAsync(BotHarness.Kb("add", Opts(("reason", "new report")), Mods, attachment: File()), default);

        var calls = h.Take();
        var embed = DeferredThenEdited(calls);
        Assert.Null(calls[1].Files); // a report that fits is not attached
        Assert.Equal("Added to the draft", embed.GetProperty("title").GetString());
        var description = embed.GetProperty("description").GetString()!;
        Assert.Contains("added source 004", description);
        Assert.Contains("(change #7; draft, not live until /kb publish)", description); // the CLI verb named as the Discord command
        Assert.Contains("source 004: kept 12 passages, 3 footnotes", description); // the import report
        Assert.Contains("warning: no date found", description);
        h.Knowledge.Verify(k => k.AddSourceAsync(Mod, "page.md", bytes, "new report", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Kb_add_cuts_a_long_import_report_at_whole_lines_and_attaches_the_whole_report_as_a_text_file()
    {
        var h = new BotHarness();
        var bytes = Encoding.UTF8.GetBytes("Some article text.");
        h.Downloader.Setup(d => d.DownloadAsync(It.IsAny<DiscordAttachment>(), It.IsAny<long>(), It.IsAny<CancellationToken>())).ReturnsAsync(new AttachmentDownload(bytes, null));
        var dropped = Enumerable.Range(1, 300).Select(i => new DroppedBlock(i, i, DropReason.Navigation, $"Menu item number {i} with a long label", 1)).ToImmutableArray();
        h.Knowledge.Setup(k => k.AddSourceAsync(Mod, "page.txt", bytes, null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new KbResult(true, "added source 005", null, new ImportReport("005", 40, 0, dropped, [], [])));

        await h.Interactions.HandleAsync(BotHarness.Kb("add", roles: Mods, attachment: File("page.txt")), default);

        var calls = h.Take();
        var description = DeferredThenEdited(calls).GetProperty("description").GetString()!;
        Assert.Matches(@"… \d+ more lines: the whole report is attached", description);
        Assert.True(description.Length <= DiscordLimits.EmbedDescription);
        var file = Assert.Single(calls[1].Files!);
        Assert.Equal("import-report-005.txt", file.FileName);
        var text = Encoding.UTF8.GetString(file.Content);
        Assert.Contains("Menu item number 1 with", text);
        Assert.Contains("Menu item number 300 with", text);
    }

    [Theory]
    [InlineData("page.pdf", 100, "Only .txt and .md files can be added; 'page.pdf' is neither.")]
    [InlineData("notes", 100, "Only .txt and .md files can be added; 'notes' is neither.")]
    [InlineData("page.md", 0, "'page.md' is empty; nothing was added.")]
    [InlineData("page.md", 1_000_001, "'page.md' is 1,000,001 bytes, over the limit of 1,000,000 bytes; nothing was added.")]
    public async Task Kb_add_refuses_a_wrong_type_an_empty_or_too_large_file_privately_without_downloading(string name, long size, string expected)
    {
        var h = new BotHarness();
        await h.Interactions.HandleAsync(BotHarness.Kb("add", roles: Mods, attachment: File(name, size)), default);
        Assert.StartsWith(expected, PrivateReply(h.Take()));
        h.Downloader.VerifyNoOtherCalls();
        h.Knowledge.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Kb_add_honours_a_configured_attachment_limit()
    {
        var h = new BotHarness(o => o.MaxAttachmentBytes = 500);
        await h.Interactions.HandleAsync(BotHarness.Kb("add", roles: Mods, attachment: File(size: 501)), default);
        Assert.Contains("over the limit of 500 bytes", PrivateReply(h.Take()));
        h.Downloader.VerifyNoOtherCalls();
    }

    public static TheoryData<byte[], string> BadContent => new()
    {
        { [], "'page.md' is empty; nothing was added." },
        { [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00], "'page.md' is not text (it is binary, or not UTF-8)" },
        { [0x48, 0x69, 0x20, 0xC3, 0x28, 0x21], "'page.md' is not text (it is binary, or not UTF-8)" }, // invalid UTF-8
    };

    [Theory]
    [MemberData(nameof(BadContent))]
    public async Task Kb_add_refuses_downloaded_content_that_is_empty_or_binary_and_adds_nothing(byte[] content, string expected)
    {
        var h = new BotHarness();
        h.Downloader.Setup(d => d.DownloadAsync(It.IsAny<DiscordAttachment>(), It.IsAny<long>(), It.IsAny<CancellationToken>())).ReturnsAsync(new AttachmentDownload(content, null));
        await h.Interactions.HandleAsync(BotHarness.Kb("add", roles: Mods, attachment: File()), default);
        var embed = DeferredThenEdited(h.Take());
        Assert.Equal("Not done", embed.GetProperty("title").GetString());
        Assert.StartsWith(expected, embed.GetProperty("description").GetString());
        h.Knowledge.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Kb_add_shows_a_download_failure_such_as_a_file_larger_than_it_claimed()
    {
        var h = new BotHarness();
        h.Downloader.Setup(d => d.DownloadAsync(It.IsAny<DiscordAttachment>(), It.IsAny<long>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(AttachmentDownload.Fail("'page.md' is over the limit of 1,000,000 bytes; nothing was added."));
        await h.Interactions.HandleAsync(BotHarness.Kb("add", roles: Mods, attachment: File()), default);
        Assert.Equal("'page.md' is over the limit of 1,000,000 bytes; nothing was added.", DeferredThenEdited(h.Take()).GetProperty("description").GetString());
        h.Knowledge.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Kb_add_shows_the_knowledge_service_refusal()
    {
        var h = new BotHarness();
        h.Downloader.Setup(d => d.DownloadAsync(It.IsAny<DiscordAttachment>(), It.IsAny<long>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new AttachmentDownload("x"u8.ToArray(), null));
        h.Knowledge.Setup(k => k.AddSourceAsync(Mod, "page.md", It.IsAny<byte[]>(), null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(KbResult.Fail("Cannot add 'page.md': no article body found."));
        await h.Interactions.HandleAsync(BotHarness.Kb("add", roles: Mods, attachment: File()), default);
        var embed = DeferredThenEdited(h.Take());
        Assert.Equal("Not done", embed.GetProperty("title").GetString());
        Assert.Equal("Cannot add 'page.md': no article body found.", embed.GetProperty("description").GetString());
    }

    // ---- /kb edit ----

    [Fact]
    public async Task Kb_edit_opens_a_form_prefilled_with_the_draft_passage_text()
    {
        var h = new BotHarness();
        h.Knowledge.Setup(k => k.DraftPassageTextAsync("001#p4", It.IsAny<CancellationToken>())).ReturnsAsync("In 1982, China acceded.[12]");
        await h.Interactions.HandleAsync(BotHarness.Kb("edit", Opts(("passage", "001#p4")), Mods), default);
        var call = Assert.Single(h.Take());
        Assert.Equal(9, call.Json.GetProperty("type").GetInt32());
        var modal = call.Json.GetProperty("data");
        Assert.Equal("sb:ke:001#p4", modal.GetProperty("custom_id").GetString());
        Assert.Equal("Edit passage 001#p4", modal.GetProperty("title").GetString());
        var input = modal.GetProperty("components")[0].GetProperty("component");
        Assert.Equal("text", input.GetProperty("custom_id").GetString());
        Assert.Equal("In 1982, China acceded.[12]", input.GetProperty("value").GetString());
        Assert.Equal(2, input.GetProperty("style").GetInt32());
    }

    [Fact]
    public async Task Kb_edit_of_an_unknown_passage_is_refused_privately()
    {
        var h = new BotHarness();
        h.Knowledge.Setup(k => k.DraftPassageTextAsync("999#p1", It.IsAny<CancellationToken>())).ReturnsAsync((string?)null);
        await h.Interactions.HandleAsync(BotHarness.Kb("edit", Opts(("passage", "999#p1")), Mods), default);
        Assert.StartsWith("No passage 999#p1 in the draft knowledge", PrivateReply(h.Take()));
    }

    [Fact]
    public async Task Submitting_the_edit_form_edits_the_passage_with_the_reason()
    {
        var h = new BotHarness();
        h.Knowledge.Setup(k => k.EditPassageAsync(Mod, "001#p4", "In 1982, China acceded to the Convention.[12]", "typo", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new KbResult(true, "edited 001#p4 (27 -> 45 characters)", Change(8)));
        var submit = BotHarness.ModalSubmit("sb:ke:001#p4", "In 1982, China acceded to the Convention.[12]", inputId: "text", roles: Mods,
            more: [new SubmittedComponent { Type = ComponentType.Label, Component = new SubmittedComponent { Type = ComponentType.TextInput, CustomId = "why", Value = "typo" } }]);
        await h.Interactions.HandleAsync(submit, default);
        var embed = DeferredThenEdited(h.Take());
        Assert.Equal("Edited", embed.GetProperty("title").GetString());
        Assert.StartsWith("edited 001#p4", embed.GetProperty("description").GetString());
        h.Knowledge.Verify(k => k.EditPassageAsync(Mod, "001#p4", "In 1982, China acceded to the Convention.[12]", "typo", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task An_empty_edit_is_refused_and_nothing_is_changed()
    {
        var h = new BotHarness();
        await h.Interactions.HandleAsync(BotHarness.ModalSubmit("sb:ke:001#p4", "  \n ", inputId: "text", roles: Mods), default);
        Assert.StartsWith("Refused: the new text of 001#p4 is empty", PrivateReply(h.Take()));
        h.Knowledge.VerifyNoOtherCalls();
    }

    // ---- hide, unhide, teach ----

    [Theory]
    [InlineData("hide", true, "Hidden")]
    [InlineData("unhide", false, "Shown again")]
    public async Task Kb_hide_and_unhide_set_the_passage_hidden_flag_with_the_reason(string sub, bool hidden, string title)
    {
        var h = new BotHarness();
        h.Knowledge.Setup(k => k.SetHiddenAsync(Mod, "001#p4", hidden, "outdated", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new KbResult(true, $"{(hidden ? "hid" : "unhid")} 001#p4 (change #9; draft, not live until `publish`)"));
        await h.Interactions.HandleAsync(BotHarness.Kb(sub, Opts(("passage", "001#p4"), ("reason", "outdated")), Mods), default);
        var embed = DeferredThenEdited(h.Take());
        Assert.Equal(title, embed.GetProperty("title").GetString());
        Assert.Contains("001#p4", embed.GetProperty("description").GetString());
        h.Knowledge.Verify(k => k.SetHiddenAsync(Mod, "001#p4", hidden, "outdated", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Kb_hide_of_an_unknown_passage_shows_the_refusal()
    {
        var h = new BotHarness();
        h.Knowledge.Setup(k => k.SetHiddenAsync(Mod, "9#p9", true, null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(KbResult.Fail("No passage 9#p9 in the knowledge (passage ids look like 003#p4)."));
        await h.Interactions.HandleAsync(BotHarness.Kb("hide", Opts(("passage", "9#p9")), Mods), default);
        var embed = DeferredThenEdited(h.Take());
        Assert.Equal("Not done", embed.GetProperty("title").GetString());
        Assert.StartsWith("No passage 9#p9", embed.GetProperty("description").GetString());
    }

    [Theory]
    [InlineData("001#p4", false, "001#p4")]
    [InlineData(null, true, null)]
    public async Task Kb_teach_with_a_passage_or_not_covered_teaches_the_question(string? passage, bool notCovered, string? expectedPassage)
    {
        var h = new BotHarness();
        h.Knowledge.Setup(k => k.TeachAsync(Mod, "When did China accede?", expectedPassage, "taught from Discord", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new KbResult(true, "taught t3 \"When did China accede?\" -> " + (expectedPassage ?? "not covered")));
        var options = Opts(("question", "When did China accede?"));
        if (passage is not null) options["passage"] = passage;
        if (notCovered) options["not_covered"] = true;
        await h.Interactions.HandleAsync(BotHarness.Kb("teach", options, Mods), default);
        Assert.Equal("Taught", DeferredThenEdited(h.Take()).GetProperty("title").GetString());
        h.Knowledge.Verify(k => k.TeachAsync(Mod, "When did China accede?", expectedPassage, "taught from Discord", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Kb_teach_with_both_a_passage_and_not_covered_is_refused()
    {
        var h = new BotHarness();
        await h.Interactions.HandleAsync(BotHarness.Kb("teach", Opts(("question", "Q?"), ("passage", "001#p4"), ("not_covered", true)), Mods), default);
        Assert.Equal("Give either a passage or not_covered:true, not both.", PrivateReply(h.Take()));
        h.Knowledge.VerifyNoOtherCalls();
    }

    private static TeachCandidate[] Candidates(int n) =>
        Enumerable.Range(1, n).Select(i => new TeachCandidate($"00{i}#p{i}", $"00{i}", $"Quote number {i}.", 0.9 - i * 0.1)).ToArray();

    [Fact]
    public async Task Kb_teach_without_a_passage_lists_the_top_5_candidates_as_buttons_plus_not_covered()
    {
        var h = new BotHarness();
        h.Knowledge.Setup(k => k.TeachCandidates("Who signed it?", 5)).Returns(Candidates(5));
        await h.Interactions.HandleAsync(BotHarness.Kb("teach", Opts(("question", "Who signed it?")), Mods), default);
        var calls = h.Take();
        var embed = DeferredThenEdited(calls);
        Assert.Equal("Teach: Who signed it?", embed.GetProperty("title").GetString());
        Assert.Contains("`001#p1`", embed.GetProperty("description").GetString());
        var rows = calls[1].Json.GetProperty("components");
        Assert.Equal(5, rows[0].GetProperty("components").GetArrayLength());
        Assert.Equal("1: 001#p1", rows[0].GetProperty("components")[0].GetProperty("label").GetString());
        Assert.Equal("sb:tp:001#p1|Who signed it?", rows[0].GetProperty("components")[0].GetProperty("custom_id").GetString());
        Assert.Equal("Not covered", rows[1].GetProperty("components")[0].GetProperty("label").GetString());
        Assert.Equal("sb:tp:|Who signed it?", rows[1].GetProperty("components")[0].GetProperty("custom_id").GetString());
    }

    // ---- preview, publish, rollback, history, gaps ----

    [Fact]
    public async Task Kb_preview_lists_the_changed_answers()
    {
        var h = new BotHarness();
        var live = TestData.Answered("Who signed?", "001#p4");
        var draft = TestData.NotCovered("Who signed?");
        h.Knowledge.Setup(k => k.PreviewAsync(It.IsAny<CancellationToken>())).ReturnsAsync(new PreviewReport(true,
            "Replayed 12 questions (2 taught, 10 from the log, 0 from the file) on v3 (live) and the draft: 1 answers change.", 12, 3,
            ["hidden: 001#p4"], [new AnswerChange("Who signed?", "log", live, draft)]));
        await h.Interactions.HandleAsync(BotHarness.Kb("preview", roles: Mods), default);
        var description = DeferredThenEdited(h.Take()).GetProperty("description").GetString()!;
        Assert.Contains("1 answers change", description);
        Assert.Contains("• hidden: 001#p4", description);
        Assert.Contains("**[log]** Who signed?\n  live v3: `001#p4`", description);
        Assert.Contains("draft: no answer (No passage of the sources is about this.)", description);
    }

    [Fact]
    public async Task Kb_publish_defers_privately_then_edits_in_the_published_version_with_warnings()
    {
        var h = new BotHarness();
        var manifest = new VersionManifest(4, DateTimeOffset.UnixEpoch, "discord:u1", "asker", "1 passage hidden", "cleanup", "hash");
        h.Knowledge.Setup(k => k.PublishAsync(Mod, "cleanup", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new PublishResult(true, "Published v4: 1 passage hidden.", manifest, ["taught t2 is answered from 002#p1, not 001#p4."]));
        await h.Interactions.HandleAsync(BotHarness.Kb("publish", Opts(("reason", "cleanup")), Mods), default);
        var embed = DeferredThenEdited(h.Take());
        Assert.Equal("Published", embed.GetProperty("title").GetString());
        Assert.StartsWith("Published v4: 1 passage hidden.", embed.GetProperty("description").GetString());
        Assert.Contains("• taught t2 is answered from 002#p1", embed.GetProperty("description").GetString());
        h.Knowledge.Verify(k => k.PublishAsync(Mod, "cleanup", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Two_moderators_publishing_at_once_one_wins_and_the_other_is_told_who_is_publishing()
    {
        var h = new BotHarness();
        var first = new TaskCompletionSource<PublishResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var manifest = new VersionManifest(5, DateTimeOffset.UnixEpoch, "discord:u1", "asker", "x", null, "hash");
        h.Knowledge.Setup(k => k.PublishAsync(Mod, null, It.IsAny<CancellationToken>())).Returns(first.Task);
        h.Knowledge.Setup(k => k.PublishAsync(new Actor("discord:u2", "asker"), null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(PublishResult.Fail("Another publish is in progress by asker (publish); nothing was published. Try again when it finishes."));

        var winner = h.Interactions.HandleAsync(BotHarness.Kb("publish", roles: Mods, userId: "u1"), default);
        await h.Interactions.HandleAsync(BotHarness.Kb("publish", roles: Mods, userId: "u2"), default);
        first.SetResult(new PublishResult(true, "Published v5: x.", manifest, []));
        await winner;

        var edits = h.Take().Where(c => c.Kind == "edit").Select(c => c.Json.GetProperty("embeds")[0]).ToList();
        Assert.Equal(2, edits.Count);
        Assert.Equal("Not published", edits[0].GetProperty("title").GetString());
        Assert.StartsWith("Another publish is in progress by asker", edits[0].GetProperty("description").GetString());
        Assert.Equal("Published", edits[1].GetProperty("title").GetString());
    }

    [Fact]
    public async Task Kb_rollback_returns_to_the_given_version()
    {
        var h = new BotHarness();
        var manifest = new VersionManifest(6, DateTimeOffset.UnixEpoch, "discord:u1", "asker", "rolled back to v2", null, "hash", 2);
        h.Knowledge.Setup(k => k.RollbackAsync(Mod, 2, "bad publish", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new PublishResult(true, "Rolled back: v6 is live, with the knowledge of v2 (…). The draft now matches it.", manifest, []));
        await h.Interactions.HandleAsync(BotHarness.Kb("rollback", Opts(("version", 2), ("reason", "bad publish")), Mods), default);
        var embed = DeferredThenEdited(h.Take());
        Assert.Equal("Rolled back", embed.GetProperty("title").GetString());
        Assert.StartsWith("Rolled back: v6 is live", embed.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Kb_rollback_to_a_missing_version_shows_why_nothing_happened()
    {
        var h = new BotHarness();
        h.Knowledge.Setup(k => k.RollbackAsync(Mod, 9, null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(PublishResult.Fail("No published version v9; the versions are v1 to v3."));
        await h.Interactions.HandleAsync(BotHarness.Kb("rollback", Opts(("version", 9)), Mods), default);
        var embed = DeferredThenEdited(h.Take());
        Assert.Equal("Not rolled back", embed.GetProperty("title").GetString());
        Assert.Equal("No published version v9; the versions are v1 to v3.", embed.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Kb_history_lists_changes_newest_first_with_the_live_version()
    {
        var h = new BotHarness();
        var at = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        h.Knowledge.Setup(k => k.ListHistoryAsync(It.IsAny<CancellationToken>())).ReturnsAsync(
        [
            new ChangeRecord(1, at, "discord:u1", "asker", ChangeKind.HidePassage, "001#p4", "hid 001#p4", "outdated"),
            new ChangeRecord(2, at.AddHours(1), "discord:u1", "asker", ChangeKind.Publish, "draft", "1 passage hidden", null, 2, "h"),
        ]);
        h.Knowledge.Setup(k => k.LiveVersionAsync(It.IsAny<CancellationToken>())).ReturnsAsync(2);
        await h.Interactions.HandleAsync(BotHarness.Kb("history", roles: Mods), default);
        var description = DeferredThenEdited(h.Take()).GetProperty("description").GetString()!;
        Assert.StartsWith("Live: v2.", description);
        int publish = description.IndexOf("`#2` 2026-11-23 11:00 **asker** publish draft → v2: 1 passage hidden", StringComparison.Ordinal);
        int hide = description.IndexOf("`#1` 2026-11-23 10:00 **asker** hide 001#p4: hid 001#p4 — why: outdated", StringComparison.Ordinal);
        Assert.True(publish > 0 && hide > publish, description);
    }

    [Fact]
    public async Task Kb_gaps_lists_grouped_missed_questions_for_the_given_days()
    {
        var h = new BotHarness();
        var at = new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
        h.Knowledge.Setup(k => k.GapsAsync(h.Time.GetUtcNow().AddDays(-7), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new GapReport(5, [new Gap("What is the capital of France?", 4, 3, 1, at, ["capital of france?"], ["002#p1"])]));
        await h.Interactions.HandleAsync(BotHarness.Kb("gaps", Opts(("days", 7)), Mods), default);
        var description = DeferredThenEdited(h.Take()).GetProperty("description").GetString()!;
        Assert.StartsWith("5 missed questions in the last 7 days in 1 groups.", description);
        Assert.Contains("**4×** What is the capital of France? (3 no answer; 1 👎 on 002#p1; last 2026-11-20)\n  also: capital of france?", description);
    }

    // ---- who may ----

    public static TheoryData<string> Subcommands => new() { "add", "edit", "hide", "unhide", "teach", "preview", "publish", "rollback", "history", "gaps" };

    [Theory]
    [MemberData(nameof(Subcommands))]
    public async Task Every_kb_subcommand_is_refused_privately_to_a_member_without_a_moderator_role(string sub)
    {
        var h = new BotHarness();
        await h.Interactions.HandleAsync(BotHarness.Kb(sub, Opts(("passage", "001#p4"), ("question", "Q?"), ("version", 1)), roles: ["999"], attachment: File()), default);
        Assert.StartsWith(ModerationHandler.NotModeratorText, PrivateReply(h.Take()));
        h.Knowledge.VerifyNoOtherCalls();
        h.Downloader.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Administrators_are_moderators_unless_that_is_switched_off()
    {
        var h = new BotHarness();
        h.Knowledge.Setup(k => k.ListHistoryAsync(It.IsAny<CancellationToken>())).ReturnsAsync([]);
        h.Knowledge.Setup(k => k.LiveVersionAsync(It.IsAny<CancellationToken>())).ReturnsAsync((int?)null);
        await h.Interactions.HandleAsync(BotHarness.Kb("history", permissions: "8"), default); // ADMINISTRATOR
        Assert.Contains("No changes recorded yet.", DeferredThenEdited(h.Take()).GetProperty("description").GetString());

        var strict = new BotHarness(o => o.AdministratorsAreModerators = false);
        await strict.Interactions.HandleAsync(BotHarness.Kb("history", permissions: "8"), default);
        Assert.StartsWith(ModerationHandler.NotModeratorText, PrivateReply(strict.Take()));
    }

    [Fact]
    public async Task Kb_in_a_direct_message_is_refused_because_there_are_no_roles()
    {
        var h = new BotHarness();
        await h.Interactions.HandleAsync(BotHarness.Kb("publish", guildId: null), default);
        Assert.Contains("not in direct messages", PrivateReply(h.Take()));
        h.Knowledge.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_non_moderator_pressing_teach_or_a_candidate_or_submitting_an_edit_is_refused()
    {
        var h = new BotHarness();
        var key = await h.RememberAsync(TestData.NotCovered());
        await h.Interactions.HandleAsync(BotHarness.Button("sb:tc:" + key), default);
        Assert.StartsWith(ModerationHandler.NotModeratorText, PrivateReply(h.Take()));
        await h.Interactions.HandleAsync(BotHarness.Button("sb:tp:001#p4|What is the capital of France?"), default);
        Assert.StartsWith(ModerationHandler.NotModeratorText, PrivateReply(h.Take()));
        await h.Interactions.HandleAsync(BotHarness.ModalSubmit("sb:ke:001#p4", "New text.", inputId: "text"), default);
        Assert.StartsWith(ModerationHandler.NotModeratorText, PrivateReply(h.Take()));
        h.Knowledge.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Without_a_knowledge_service_kb_says_moderation_is_unavailable()
    {
        var h = new BotHarness();
        var handler = new ModerationHandler(h.Downloader.Object, h.Recent, Microsoft.Extensions.Options.Options.Create(h.Options),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<ModerationHandler>.Instance);
        await handler.HandleCommandAsync(new InteractionContext(h.Rest.Object, BotHarness.Kb("publish", roles: Mods), h.Session.ApplicationId), default);
        Assert.Equal(ModerationHandler.UnavailableText, PrivateReply(h.Take()));
        Assert.False(handler.CanTeach(BotHarness.Kb("publish", roles: Mods)));
    }

    // ---- teaching from answers ----

    [Fact]
    public async Task A_moderators_thumbs_down_offers_a_teach_button_and_records_the_vote_in_the_question_log()
    {
        var h = new BotHarness();
        var key = await h.RememberAsync(TestData.Answered());
        await h.Interactions.HandleAsync(BotHarness.Button("sb:dn:" + key, roles: Mods), default);
        var reply = Assert.Single(h.Take()).Json.GetProperty("data");
        Assert.StartsWith("Thanks! Recorded 👎", reply.GetProperty("content").GetString());
        Assert.Equal(64, reply.GetProperty("flags").GetInt32());
        var button = reply.GetProperty("components")[0].GetProperty("components")[0];
        Assert.Equal("Teach", button.GetProperty("label").GetString());
        Assert.Equal("sb:tc:" + key, button.GetProperty("custom_id").GetString());
        h.QuestionLog.Verify(l => l.RecordFeedbackAsync(TestData.Answered().Question, "001#p4", FeedbackVote.Down, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_members_thumbs_down_has_no_teach_button()
    {
        var h = new BotHarness();
        var key = await h.RememberAsync(TestData.Answered());
        await h.Interactions.HandleAsync(BotHarness.Button("sb:dn:" + key), default);
        Assert.Equal(0, Assert.Single(h.Take()).Json.GetProperty("data").GetProperty("components").GetArrayLength());
    }

    [Fact]
    public async Task A_no_answer_gives_a_moderator_a_private_teach_button_and_everyone_else_nothing_more()
    {
        var h = new BotHarness();
        h.Answers.Setup(a => a.AskAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((string q, CancellationToken _) => TestData.NotCovered(q));
        await h.Interactions.HandleAsync(BotHarness.Slash("ask", "What is the capital of France?", roles: Mods), default);
        var calls = h.Take();
        Assert.Equal(["callback", "edit", "followup"], calls.Select(c => c.Kind).ToArray());
        var offer = calls[2].Json;
        Assert.Equal(64, offer.GetProperty("flags").GetInt32());
        Assert.StartsWith("sb:tc:", offer.GetProperty("components")[0].GetProperty("components")[0].GetProperty("custom_id").GetString());

        await h.Interactions.HandleAsync(BotHarness.Slash("ask", "What is the capital of Spain?", userId: "u2"), default);
        Assert.Equal(["callback", "edit"], h.Take().Select(c => c.Kind).ToArray());
    }

    [Fact]
    public async Task Teach_shows_the_candidates_and_picking_one_teaches_the_original_question()
    {
        var h = new BotHarness();
        var question = "What is the capital of France? " + new string('x', 120); // long: the pick's custom_id becomes an alias
        var key = await h.RememberAsync(TestData.NotCovered(question));
        h.Knowledge.Setup(k => k.TeachCandidates(question, 5)).Returns(Candidates(3));
        await h.Interactions.HandleAsync(BotHarness.Button("sb:tc:" + key, roles: Mods), default);
        var calls = h.Take();
        DeferredThenEdited(calls);
        var rows = calls[1].Json.GetProperty("components");
        Assert.Equal(3, rows[0].GetProperty("components").GetArrayLength());
        var pick = rows[0].GetProperty("components")[1].GetProperty("custom_id").GetString()!;
        var none = rows[1].GetProperty("components")[0].GetProperty("custom_id").GetString()!;
        Assert.True(pick.Length <= DiscordLimits.CustomId && none.Length <= DiscordLimits.CustomId);

        h.Knowledge.Setup(k => k.TeachAsync(Mod, question, "002#p2", "taught from Discord", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new KbResult(true, "taught t1 -> 002#p2 (used from the next publish)"));
        await h.Interactions.HandleAsync(BotHarness.Button(pick, onPrivateMessage: true, roles: Mods), default);
        calls = h.Take();
        Assert.Equal(["callback", "edit"], calls.Select(c => c.Kind).ToArray());
        Assert.Equal(6, calls[0].Json.GetProperty("type").GetInt32()); // replaces the list of candidates
        Assert.Equal("Taught", calls[1].Json.GetProperty("embeds")[0].GetProperty("title").GetString());
        Assert.Equal(0, calls[1].Json.GetProperty("components").GetArrayLength());

        h.Knowledge.Setup(k => k.TeachAsync(Mod, question, null, "taught from Discord", It.IsAny<CancellationToken>()))
            .ReturnsAsync(KbResult.Fail("Refused: \"What is the capital…\" is already taught as t1 -> 002#p2; remove it first (untaught t1) to teach another answer."));
        await h.Interactions.HandleAsync(BotHarness.Button(none, onPrivateMessage: true, roles: Mods), default);
        var refused = h.Take()[1].Json.GetProperty("embeds")[0];
        Assert.Equal("Not done", refused.GetProperty("title").GetString());
        Assert.StartsWith("Refused:", refused.GetProperty("description").GetString());
        h.Knowledge.Verify(k => k.TeachAsync(Mod, question, null, "taught from Discord", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Teach_on_an_expired_answer_says_so()
    {
        var h = new BotHarness();
        await h.Interactions.HandleAsync(BotHarness.Button("sb:tc:gone000000", roles: Mods), default);
        Assert.Equal(Discord.Interactions.InteractionReplies.ExpiredText, PrivateReply(h.Take()));
    }

    // ---- the question log ----

    [Fact]
    public async Task Every_answered_question_is_logged_with_channel_discord_the_user_and_the_knowledge_hash()
    {
        var h = new BotHarness();
        await h.Interactions.HandleAsync(BotHarness.Slash("ask", "When did China accede?", userId: "u7"), default);
        await h.Mentions.HandleAsync(BotHarness.Message("<@42> Who wrote it?", authorId: "u8"), default);
        h.QuestionLog.Verify(l => l.RecordAsync(It.Is<Answer>(a => a.Question == "When did China accede?"), "discord", "u7", "knowledge-hash", It.IsAny<CancellationToken>()), Times.Once);
        h.QuestionLog.Verify(l => l.RecordAsync(It.Is<Answer>(a => a.Question == "Who wrote it?"), "discord", "u8", "knowledge-hash", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_failing_question_log_does_not_stop_the_answer()
    {
        var h = new BotHarness();
        h.QuestionLog.Setup(l => l.RecordAsync(It.IsAny<Answer>(), It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new IOException("disk full"));
        await h.Interactions.HandleAsync(BotHarness.Slash("ask", "Q?"), default);
        var calls = h.Take();
        Assert.Equal(["callback", "edit"], calls.Select(c => c.Kind).ToArray());
        Assert.Equal(TestData.Answered().Quote, calls[1].Json.GetProperty("embeds")[0].GetProperty("description").GetString());
    }

    private static ChangeRecord Change(int sequence) =>
        new(sequence, DateTimeOffset.UnixEpoch, "discord:1", "mira", ChangeKind.EditPassage, "001#p4", "a change", null);
}
