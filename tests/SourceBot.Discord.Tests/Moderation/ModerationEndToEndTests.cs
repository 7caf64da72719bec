using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SourceBot.Core.Engine;
using SourceBot.Core.Feedback;
using SourceBot.Core.Knowledge;
using SourceBot.Core.Moderation;
using SourceBot.Core.QuestionLog;
using SourceBot.Discord.Moderation;
using SourceBot.Discord.Tests.Support;
using SourceBot.Tests.Shared;

namespace SourceBot.Discord.Tests.Moderation;

/// <summary>
/// Issue 5 end to end: the real gateway and REST clients, the real bot and the real Core moderation (one AnswerEngine as the
/// IAnswerService and as the KnowledgeService's live engine, wired as the `run` host wires them, less the timer that follows
/// versions published by another process) against the fake Discord on
/// loopback, on a temporary three-source knowledge folder with its own model cache, versions folder and question log. A moderator
/// adds a source from a .txt attachment (downloaded from the fake's HTTP server), publishes it, sees it answered, teaches a
/// correction with the Teach buttons, previews, publishes, rolls back, and reads every step in /kb history.
/// </summary>
public sealed class ModerationEndToEndTests : IAsyncLifetime
{
    private const string AppId = "1000";
    private const string GuildId = "777";
    private const string ChannelId = "888";
    private const string ModeratorRole = "555";
    private const string AttachmentPath = "/attachments/888/9001/tea.txt";
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Training = TimeSpan.FromMinutes(3); // a publish or preview trains models; CI has 2 cores

    private sealed record Person(string Id, string Username, string Name, string[] Roles);

    private static readonly Person Mira = new("1111", "mira", "Mira", [ModeratorRole]);
    private static readonly Person Sam = new("2222", "sam", "Sam", ["999"]);

    private const string TeaSource = "the-journey-of-a-tea-leaf";
    private const string WitherQuestion = "How long are tea leaves withered?";
    private const string BrownQuestion = "Why does tea go brown?";

    /// <summary>A raw page dump as a moderator would save it: menu, title, byline, date, four paragraphs, share bar and footer.</summary>
    private const string TeaPage = $"""
        Home | Shop | Journal | Contact

        The Journey of a Tea Leaf

        By Lin Ashford

        Published 2020-03-15

        Tea bushes are pruned to waist height so that pickers can pluck the two youngest leaves and the bud from each shoot. A skilled picker gathers about thirty kilograms of fresh leaf in a day.

        After picking, the leaves are spread on bamboo racks to wither for twelve to eighteen hours, which makes them soft enough to roll without breaking.

        {TeaOxidation}

        Green tea is heated within a day of picking, by steaming in Japan or pan-firing in China, which stops oxidation and keeps the leaves green.

        Share this article: Facebook | Twitter
        © 2020 Leaf Journal. All rights reserved.
        """;

    private const string TeaOxidation = "Rolling bruises the leaves and lets the air react with their juices. This oxidation is what turns black tea dark and gives it a malty taste.";

    private readonly string _root = Directory.CreateTempSubdirectory("sb-discord-mod-e2e-").FullName;
    private readonly ListLogger _logs = new();
    private FakeDiscord _fake = null!;
    private IHost? _host;
    private FakeGatewayConnection _gateway = null!;
    private int _sequence = 1;
    private int _interactions;

    private string KnowledgePath => Path.Combine(_root, "knowledge");
    private string VersionsPath => Path.Combine(_root, "versions");

    public async Task InitializeAsync()
    {
        SampleSources.WriteTo(KnowledgePath);
        _fake = await FakeDiscord.StartAsync();
        // The fake stands in for Discord's CDN too: it serves the attachment a moderator sends with /kb add.
        _fake.Responder = r => r.Method == "GET" && r.Path == AttachmentPath
            ? new FakeResponse(200, TeaPage, new Dictionary<string, string> { ["Content-Type"] = "text/plain; charset=utf-8" })
            : null;
        await StartHostAsync();
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
        await _fake.DisposeAsync();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>
    /// One library wired without a library hub (the Discord project also takes a single IAnswerService and IKnowledgeModeration;
    /// the `run` host uses its LibraryHub instead, which the host's own tests cover), temporary paths, then AddSourceBotDiscord.
    /// </summary>
    private async Task StartHostAsync()
    {
        var engineOptions = TestEngines.Fast(new EngineOptions { KnowledgePath = KnowledgePath, CachePath = Path.Combine(_root, "cache"), MaxTrainingQuestions = 400 });
        var moderation = new ModerationOptions { VersionsPath = VersionsPath, QuestionLogPath = Path.Combine(_root, "questions.db") };
        var settings = new Dictionary<string, string?>
        {
            ["SourceBot:Discord:Token"] = TestData.Token,
            ["SourceBot:Discord:ApiBaseUrl"] = _fake.ApiBase,
            ["SourceBot:Discord:GuildId"] = GuildId,
            ["SourceBot:Discord:ModeratorRoleIds:0"] = ModeratorRole,
            ["SourceBot:Discord:FeedbackDatabasePath"] = Path.Combine(_root, "feedback.db"),
            ["SourceBot:Discord:RateLimit:QuestionsPerUser"] = "50",
        };
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(_logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddSingleton(Options.Create(engineOptions));
        builder.Services.AddSingleton(Options.Create(moderation));
        builder.Services.AddSingleton(sp => new EngineFactory(engineOptions, null, sp.GetRequiredService<ILoggerFactory>().CreateLogger<EngineFactory>()));
        builder.Services.AddSingleton(sp => sp.GetRequiredService<EngineFactory>().Load());
        builder.Services.AddSingleton<IAnswerService>(sp => sp.GetRequiredService<AnswerEngine>());
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IQuestionLog>(sp => new SqliteQuestionLog(moderation.QuestionLogPath, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(sp => new KnowledgeService(sp.GetRequiredService<EngineFactory>(), moderation,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<KnowledgeService>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IQuestionLog>(), sp.GetService<IFeedbackStore>(), sp.GetRequiredService<AnswerEngine>()));
        builder.Services.AddSingleton<IKnowledgeModeration>(sp => new LibraryModeration(sp.GetRequiredService<KnowledgeService>(), sp.GetRequiredService<AnswerEngine>()));
        // The real downloader, allowed to fetch from the fake on loopback (plain http) instead of Discord's CDN hosts only.
        builder.Services.AddSingleton<IAttachmentDownloader>(sp => new AttachmentDownloader(
            sp.GetRequiredService<IOptions<DiscordOptions>>().Value, TimeProvider.System, null, u => u.IsLoopback && u.Port == new Uri(_fake.BaseUrl).Port));
        builder.Services.AddFeedbackStoreAsTheHostDoes().AddSourceBotDiscord(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        _host = builder.Build();
        _host.Services.GetRequiredService<AnswerEngine>(); // knowledge and models loaded before connecting, as `run` loads its default library
        Assert.IsType<LibraryModeration>(_host.Services.GetRequiredService<IKnowledgeModeration>());
        await _host.StartAsync();
        _gateway = await _fake.NextConnectionAsync(Quick);
        await _gateway.HandshakeAsync("mod-e2e-session", _fake.ResumeUrl);
        await _fake.WaitForRequestAsync(r => r.Method == "PUT" && r.Path == $"/applications/{AppId}/guilds/{GuildId}/commands", Quick);
    }

    // ---- the walk-through ----

    [Fact]
    public async Task A_moderator_adds_a_source_publishes_it_teaches_a_correction_previews_publishes_rolls_back_and_reads_it_all_in_history()
    {
        // 1. /kb add with a .txt attachment: deferred privately, downloaded from the "CDN" without the bot token, imported into the draft.
        var add = await KbAsync(Mira, "add", [Option("file", 11, "att-1"), Option("reason", 3, "readers asked about tea")], resolved: new
        {
            attachments = new Dictionary<string, object>
            {
                ["att-1"] = new { id = "att-1", filename = "tea.txt", size = Encoding.UTF8.GetByteCount(TeaPage), content_type = "text/plain; charset=utf-8", url = _fake.BaseUrl + AttachmentPath, proxy_url = _fake.BaseUrl + AttachmentPath },
            },
        });
        var download = Assert.Single(_fake.Requests, r => r.Path == AttachmentPath);
        Assert.Equal("GET", download.Method);
        Assert.False(download.Headers.ContainsKey("Authorization"), "the bot token is never sent to the CDN");
        Assert.Equal("Added to the draft", add.Title);
        Assert.StartsWith($"added source {TeaSource} \"The Journey of a Tea Leaf\" from tea.txt (4 passages, 0 footnotes) (change #2; draft, not live until /kb publish)", add.Description);
        Assert.Contains("**Import report**", add.Description);
        Assert.Contains("Lin Ashford", add.Description);
        Assert.True(File.Exists(Path.Combine(KnowledgePath, TeaSource + KnowledgeFile.Extension)));

        // A draft is not live: the bot does not answer from the new source yet.
        var before = await AskAsync(Sam, WitherQuestion);
        Assert.DoesNotContain("twelve to eighteen hours", before.Description);

        // 2. /kb publish: the draft (with the new source) becomes v2 and the running bot answers from it.
        var publish = await KbAsync(Mira, "publish", [Option("reason", 3, "add the tea article")], Training);
        Assert.Equal("Published", publish.Title);
        Assert.Equal($"Published v2: added source {TeaSource} (4 passages).", publish.Description);

        // 3. /ask a question the new source answers plainly: the reply quotes it.
        var withered = await AskAsync(Sam, WitherQuestion);
        Assert.Equal(WitherQuestion, withered.Title);
        Assert.Contains("twelve to eighteen hours", withered.Description);
        Assert.Contains($"passage {TeaSource}#p2", withered.Footer);
        Assert.Contains("Lin Ashford", withered.Field("Source"));
        Assert.Contains("The Journey of a Tea Leaf", withered.Field("Source"));

        // 4. A question the sources do answer (p3) but the bot does not: the moderator is offered a private Teach button.
        var brown = await AskAsync(Mira, BrownQuestion);
        Assert.Equal(BrownQuestion, brown.Title);
        Assert.StartsWith("The sources don't cover that.", brown.Description);
        var offer = await _fake.WaitForRequestAsync(r => r.Method == "POST" && r.Path == $"/webhooks/{AppId}/{brown.Token}", Quick);
        Assert.Equal(64, offer.Json.GetProperty("flags").GetInt32());
        Assert.StartsWith("Moderator: the sources gave no answer to this.", offer.Json.GetProperty("content").GetString());
        var teachButton = offer.Json.GetProperty("components")[0].GetProperty("components")[0];
        Assert.Equal("Teach", teachButton.GetProperty("label").GetString());

        // 5. Teach: a private list of the live engine's top passages to pick from, one button each.
        var candidates = await ClickAsync(Mira, teachButton.GetProperty("custom_id").GetString()!, deferral: 5);
        Assert.Equal("Teach: " + BrownQuestion, candidates.Title);
        var pick = candidates.Buttons.Single(b => b.Label.EndsWith($": {TeaSource}#p3", StringComparison.Ordinal));
        Assert.Contains(candidates.Buttons, b => b.Label == "Not covered");

        // 6. Picking the passage teaches it (the list is replaced by the result: callback type 6, then PATCH @original).
        var taught = await ClickAsync(Mira, pick.CustomId, deferral: 6);
        Assert.Equal("Taught", taught.Title);
        Assert.Equal($"taught t1 \"{BrownQuestion}\" -> {TeaSource}#p3 (used from the next publish) (change #4; draft, not live until /kb publish)", taught.Description);

        // 7. /kb preview: the taught question's answer changes from "no answer" on v2 to the taught passage in the draft.
        var preview = await KbAsync(Mira, "preview", [], Training);
        Assert.Equal("Preview: draft vs live", preview.Title);
        Assert.Matches(@"^Replayed \d+ questions \(1 taught, \d+ from the log, 0 from the file\) on v2 \(live\) and the draft: [1-9]\d* answers change\.", preview.Description);
        Assert.Contains($"• taught t1 \"{BrownQuestion}\" -> {TeaSource}#p3", preview.Description);
        Assert.Matches(
            $@"\*\*\[taught\]\*\* {Regex.Escape(BrownQuestion)}\n  live v2: no answer \([^\n]*\)\n  draft: `{Regex.Escape(TeaSource)}#p3` “",
            preview.Description);

        // 8. /kb publish: v3 answers the taught question from the taught passage.
        publish = await KbAsync(Mira, "publish", [Option("reason", 3, "teach the brown tea question")], Training);
        Assert.Equal("Published", publish.Title);
        Assert.Equal($"Published v3: taught t1 \"{BrownQuestion}\" -> {TeaSource}#p3.", publish.Description);
        var corrected = await AskAsync(Sam, BrownQuestion);
        Assert.Equal(BrownQuestion, corrected.Title);
        Assert.Contains($"passage {TeaSource}#p3", corrected.Footer);
        Assert.NotEmpty(corrected.Description);
        Assert.Contains(corrected.Description, TeaOxidation); // a verbatim quote of the taught passage

        // 9. /kb rollback to v2: published again as v4, the draft matches it, and the taught answer is gone from the running bot.
        var rollback = await KbAsync(Mira, "rollback", [Option("version", 4, 2), Option("reason", 3, "taught answer under review")], Training);
        Assert.Equal("Rolled back", rollback.Title);
        Assert.Equal("Rolled back: v4 is live, with the knowledge of v2 (removed taught t1). The draft now matches it.", rollback.Description);
        Assert.Empty(TaughtFile.Load(KnowledgePath));
        Assert.True(File.Exists(Path.Combine(KnowledgePath, TeaSource + KnowledgeFile.Extension)));
        var rolledBack = await AskAsync(Sam, BrownQuestion);
        Assert.StartsWith("The sources don't cover that.", rolledBack.Description);

        // 10. /kb history: every step, newest first, with who and why.
        var history = await KbAsync(Mira, "history", []);
        Assert.Equal("History (newest first)", history.Title);
        var lines = history.Description.Split("\n\n");
        Assert.Equal("Live: v4.", lines[0]);
        string[] expected =
        [
            $"**Mira** rollback v2 → v4: rolled back to v2: removed taught t1 — why: taught answer under review",
            $"**Mira** publish draft → v3: taught t1 \"{BrownQuestion}\" -> {TeaSource}#p3 — why: teach the brown tea question",
            $"**Mira** teach t1: taught t1 \"{BrownQuestion}\" -> {TeaSource}#p3 (used from the next publish) — why: taught from Discord",
            $"**Mira** publish draft → v2: added source {TeaSource} (4 passages) — why: add the tea article",
            $"**Mira** add-source {TeaSource}: added source {TeaSource} \"The Journey of a Tea Leaf\" from tea.txt (4 passages, 0 footnotes) — why: readers asked about tea",
            "**Mira** publish draft → v1: baseline: the knowledge folder before the first moderated change (3 sources, 8 passages)",
        ];
        Assert.Equal(expected.Length + 1, lines.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.Matches($@"^`#{expected.Length - i}` \d{{4}}-\d\d-\d\d \d\d:\d\d {Regex.Escape(expected[i])}$", lines[i + 1]);

        // The same history in Core's log, with the moderator's Discord id.
        var recorded = await _host!.Services.GetRequiredService<KnowledgeService>().ListHistoryAsync();
        Assert.Equal([ChangeKind.Publish, ChangeKind.AddSource, ChangeKind.Publish, ChangeKind.Teach, ChangeKind.Publish, ChangeKind.Rollback], recorded.Select(c => c.Kind).ToArray());
        Assert.All(recorded, c => Assert.Equal("discord:" + Mira.Id, c.ById));
        Assert.DoesNotContain(_logs.Lines, l => l.StartsWith("Error:", StringComparison.Ordinal) || l.StartsWith("Critical:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_members_kb_add_is_refused_privately_and_changes_nothing()
    {
        var files = Snapshot(KnowledgePath);
        var interaction = await SendAsync(Sam, "kb", [Option("add", 1, new[] { Option("file", 11, "att-2"), Option("reason", 3, "my blog") })], resolved: new
        {
            attachments = new Dictionary<string, object>
            {
                ["att-2"] = new { id = "att-2", filename = "tea.txt", size = Encoding.UTF8.GetByteCount(TeaPage), url = _fake.BaseUrl + AttachmentPath },
            },
        });

        var refusal = await _fake.WaitForRequestAsync(r => r.Path == $"/interactions/{interaction.Id}/{interaction.Token}/callback", Quick);
        Assert.Equal("POST", refusal.Method);
        Assert.Equal(4, refusal.Json.GetProperty("type").GetInt32());
        var data = refusal.Json.GetProperty("data");
        Assert.Equal(64, data.GetProperty("flags").GetInt32());
        Assert.Equal($"{ModerationHandler.NotModeratorText} (members with <@&{ModeratorRole}>)", data.GetProperty("content").GetString());
        Assert.Equal(0, data.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());

        // A moderator's /kb history, answered after the refusal, shows nothing happened.
        var history = await KbAsync(Mira, "history", []);
        Assert.Equal("History", history.Title);
        Assert.Equal("Nothing published yet: the bot answers from the knowledge folder.\nNo changes recorded yet.", history.Description);

        Assert.DoesNotContain(_fake.Requests, r => r.Path == AttachmentPath); // never downloaded
        Assert.DoesNotContain(_fake.Requests, r => r.Path.Contains($"/{interaction.Token}/messages", StringComparison.Ordinal) || r.Path == $"/webhooks/{AppId}/{interaction.Token}");
        Assert.Equal(files, Snapshot(KnowledgePath));
        Assert.False(Directory.Exists(VersionsPath) && Directory.EnumerateFileSystemEntries(VersionsPath).Any(), "no version and no history were written");
        Assert.Equal(3, _host!.Services.GetRequiredService<AnswerEngine>().Snapshot.Knowledge.Sources.Length);
    }

    // ---- helpers ----

    private sealed record Sent(string Id, string Token);

    private sealed record ButtonView(string Label, string CustomId);

    /// <summary>The first embed of an @original edit, and its message's buttons.</summary>
    private sealed record Reply(string Token, JsonElement Body)
    {
        private JsonElement Embed => Body.GetProperty("embeds")[0];
        public string Title => Embed.GetProperty("title").GetString() ?? "";
        public string Description => Embed.GetProperty("description").GetString() ?? "";
        public string Footer => Embed.TryGetProperty("footer", out var f) ? f.GetProperty("text").GetString() ?? "" : "";

        public string Field(string name) =>
            Embed.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("name").GetString() == name).GetProperty("value").GetString() ?? "";

        public IReadOnlyList<ButtonView> Buttons =>
            [.. Body.GetProperty("components").EnumerateArray().SelectMany(row => row.GetProperty("components").EnumerateArray())
                .Select(b => new ButtonView(b.GetProperty("label").GetString() ?? "", b.GetProperty("custom_id").GetString() ?? ""))];
    }

    private static object Option(string name, int type, object value) =>
        type == 1 ? new { name, type, options = value } : new { name, type, value };

    private object Member(Person who) => new { user = new { id = who.Id, username = who.Username, global_name = who.Name }, roles = who.Roles, permissions = "0" };

    /// <summary>Dispatches a slash command (type 2) over the gateway.</summary>
    private async Task<Sent> SendAsync(Person who, string command, object[] options, object? resolved = null)
    {
        var id = "9" + Interlocked.Increment(ref _interactions).ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
        var token = "itoken-" + id;
        await _gateway.DispatchAsync("INTERACTION_CREATE", ++_sequence, new
        {
            id,
            application_id = AppId,
            type = 2,
            token,
            guild_id = GuildId,
            channel_id = ChannelId,
            member = Member(who),
            data = new { id = "cmd-" + command, name = command, type = 1, options, resolved },
        });
        return new Sent(id, token);
    }

    /// <summary>/kb {sub}: checks the private deferral (type 5, flags 64) came first, and returns the result edited into @original.</summary>
    private async Task<Reply> KbAsync(Person who, string sub, object[] options, TimeSpan? timeout = null, object? resolved = null)
    {
        var sent = await SendAsync(who, "kb", [Option(sub, 1, options)], resolved);
        return await DeferredReplyAsync(sent, timeout ?? Quick, ephemeral: true, callbackType: 5);
    }

    /// <summary>/ask in the channel: a public deferral (type 5, no flags), then the answer edited into @original.</summary>
    private async Task<Reply> AskAsync(Person who, string question)
    {
        var sent = await SendAsync(who, "ask", [Option("question", 3, question)]);
        return await DeferredReplyAsync(sent, Quick, ephemeral: false, callbackType: 5);
    }

    /// <summary>Clicks a button on a private message (component interaction, type 3).</summary>
    private async Task<Reply> ClickAsync(Person who, string customId, int deferral)
    {
        var id = "9" + Interlocked.Increment(ref _interactions).ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
        var token = "itoken-" + id;
        await _gateway.DispatchAsync("INTERACTION_CREATE", ++_sequence, new
        {
            id,
            application_id = AppId,
            type = 3,
            token,
            guild_id = GuildId,
            channel_id = ChannelId,
            member = Member(who),
            message = new { id = "msg-" + id, channel_id = ChannelId, flags = 64, content = "" },
            data = new { custom_id = customId, component_type = 2 },
        });
        return await DeferredReplyAsync(new Sent(id, token), Quick, ephemeral: deferral == 5, callbackType: deferral);
    }

    private async Task<Reply> DeferredReplyAsync(Sent sent, TimeSpan timeout, bool ephemeral, int callbackType)
    {
        var edit = await _fake.WaitForRequestAsync(r => r.Method == "PATCH" && r.Path == $"/webhooks/{AppId}/{sent.Token}/messages/@original", timeout);
        var requests = _fake.Requests.ToList();
        var callback = requests.Single(r => r.Path == $"/interactions/{sent.Id}/{sent.Token}/callback");
        Assert.True(requests.IndexOf(callback) < requests.IndexOf(edit), "the deferral comes before the edit");
        var json = callback.Json;
        Assert.Equal(callbackType, json.GetProperty("type").GetInt32());
        if (ephemeral) Assert.Equal(64, json.GetProperty("data").GetProperty("flags").GetInt32());
        else Assert.False(json.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object && data.TryGetProperty("flags", out _), "a public deferral");
        var body = PayloadOf(edit);
        Assert.Equal(0, body.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
        return new Reply(sent.Token, body);
    }

    /// <summary>The JSON of a request: the body itself, or the payload_json part of a multipart body (an edit with a file).</summary>
    private static JsonElement PayloadOf(RecordedRequest request)
    {
        var type = request.Headers.TryGetValue("Content-Type", out var t) ? t : "";
        if (!type.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase)) return request.Json;
        var boundary = "--" + Regex.Match(type, "boundary=\"?([^\";]+)\"?").Groups[1].Value;
        foreach (var part in request.Body.Split(boundary))
        {
            var split = part.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (split < 0 || !part[..split].Contains("name=payload_json", StringComparison.Ordinal) && !part[..split].Contains("name=\"payload_json\"", StringComparison.Ordinal)) continue;
            return JsonDocument.Parse(part[(split + 4)..].TrimEnd('\r', '\n', '-')).RootElement.Clone();
        }
        throw new InvalidOperationException("A multipart body without payload_json: " + request.Body);
    }

    /// <summary>Every file under a folder with its content, to show nothing changed.</summary>
    private static SortedDictionary<string, string> Snapshot(string folder) =>
        new(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(folder, f), File.ReadAllText), StringComparer.Ordinal);
}
