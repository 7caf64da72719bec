using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using SourceBot.Core.Answers;
using SourceBot.Core.Engine;
using SourceBot.Core.Feedback;
using SourceBot.Core.Libraries;
using SourceBot.Core.Moderation;
using SourceBot.Core.QuestionLog;
using SourceBot.Discord.Bot;
using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Wire;
using SourceBot.Discord.Interactions;
using SourceBot.Discord.Libraries;
using SourceBot.Discord.Moderation;
using SourceBot.Discord.Rendering;

namespace SourceBot.Discord.Tests.Support;

/// <summary>One REST call the bot made through the mocked <see cref="IDiscordRestClient"/>.</summary>
public sealed record RestCall(string Kind, string Target, object? Body, IReadOnlyList<FileUpload>? Files = null)
{
    public JsonElement Json => TestData.Json(Body);
}

/// <summary>
/// The bot's handlers over Moq mocks of the REST client, the answer service, the feedback store, the knowledge moderation
/// service, the attachment downloader and the question log. Members with role <see cref="ModeratorRole"/> are moderators.
/// By default every server answers from <see cref="Answers"/> and moderates <see cref="Knowledge"/> (one library); given
/// <paramref name="libraryAnswers"/> and <paramref name="libraries"/>, the handlers use those per server instead. Recent answers
/// live in memory unless a <c>recentStore</c> is given.
/// </summary>
public sealed class BotHarness
{
    public const string ModeratorRole = "555";

    /// <summary>The server the test interactions and messages come from, and the one that moderates the knowledge.</summary>
    public const string Guild = "700";
    public static readonly string[] ModeratorRoles = [ModeratorRole];
    public Mock<IKnowledgeModeration> Knowledge { get; } = new(MockBehavior.Strict);
    public Mock<IAttachmentDownloader> Downloader { get; } = new(MockBehavior.Strict);
    public Mock<IQuestionLog> QuestionLog { get; } = new();
    public ModerationHandler Moderation { get; }
    public Mock<IDiscordRestClient> Rest { get; } = new(MockBehavior.Strict);
    public Mock<IAnswerService> Answers { get; } = new();
    public Mock<IFeedbackStore> Feedback { get; } = new();
    public FakeTimeProvider Time { get; } = new();
    public ConcurrentQueue<RestCall> Calls { get; } = new();
    public DiscordOptions Options { get; }
    public RecentAnswers Recent { get; }
    public NoiseControl Noise { get; }
    public ThreadParents Threads { get; } = new();
    public BotSession Session { get; } = new() { UserId = "42", ApplicationId = "1000" };
    public InteractionRouter Interactions { get; }
    public MentionHandler Mentions { get; }

    /// <summary>The interactions answered at once (the process's default unless the test gives <c>answerSlots</c>).</summary>
    public AnswerSlots Slots { get; }
    private int _messageIds = 900;

    public BotHarness(Action<DiscordOptions>? configure = null, ILibraryAnswers? libraryAnswers = null, ILibraries? libraries = null, int? answerSlots = null,
        IRecentAnswerStore? recentStore = null, ILibraryFeedback? libraryFeedback = null)
    {
        Slots = new AnswerSlots(answerSlots ?? AnswerSlots.DefaultLimit);
        Options = TestData.Options(o =>
        {
            o.ModeratorRoleIds = [ModeratorRole];
            o.ModeratorGuildIds = [Guild];
            configure?.Invoke(o);
        });
        var options = Microsoft.Extensions.Options.Options.Create(Options);
        Recent = recentStore is null ? new RecentAnswers(Options.AnswerCacheSize, Options.AnswerCacheLifetime, Time) : new RecentAnswers(recentStore);
        Noise = new NoiseControl(options, Time, Threads);

        Rest.Setup(r => r.CreateInteractionResponseAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<InteractionResponse>(), It.IsAny<CancellationToken>()))
            .Callback((string id, string token, InteractionResponse response, CancellationToken _) => Calls.Enqueue(new("callback", $"{id}/{token}", response)))
            .Returns(Task.CompletedTask);
        Rest.Setup(r => r.EditOriginalResponseAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<MessagePayload>(), It.IsAny<CancellationToken>()))
            .Callback((string app, string token, MessagePayload m, CancellationToken _) => Calls.Enqueue(new("edit", $"{app}/{token}", m)))
            .ReturnsAsync(() => new DiscordMessage { Id = Interlocked.Increment(ref _messageIds).ToString() });
        Rest.Setup(r => r.EditOriginalResponseAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<MessagePayload>(), It.IsAny<IReadOnlyList<FileUpload>>(), It.IsAny<CancellationToken>()))
            .Callback((string app, string token, MessagePayload m, IReadOnlyList<FileUpload> files, CancellationToken _) => Calls.Enqueue(new("edit", $"{app}/{token}", m, files)))
            .ReturnsAsync(() => new DiscordMessage { Id = Interlocked.Increment(ref _messageIds).ToString() });
        Rest.Setup(r => r.CreateFollowupMessageAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<MessagePayload>(), It.IsAny<CancellationToken>()))
            .Callback((string app, string token, MessagePayload m, CancellationToken _) => Calls.Enqueue(new("followup", $"{app}/{token}", m)))
            .ReturnsAsync(() => new DiscordMessage { Id = Interlocked.Increment(ref _messageIds).ToString() });
        Rest.Setup(r => r.DeleteOriginalResponseAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback((string app, string token, CancellationToken _) => Calls.Enqueue(new("delete", $"{app}/{token}", null)))
            .Returns(Task.CompletedTask);
        Rest.Setup(r => r.CreateMessageAsync(It.IsAny<string>(), It.IsAny<MessagePayload>(), It.IsAny<CancellationToken>()))
            .Callback((string channel, MessagePayload m, CancellationToken _) => Calls.Enqueue(new("message", channel, m)))
            .ReturnsAsync(() => new DiscordMessage { Id = Interlocked.Increment(ref _messageIds).ToString() });
        Rest.Setup(r => r.TriggerTypingAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback((string channel, CancellationToken _) => Calls.Enqueue(new("typing", channel, null)))
            .Returns(Task.CompletedTask);

        Answers.Setup(a => a.AskAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((string q, CancellationToken _) => TestData.Answered(question: q));
        Answers.Setup(a => a.GetPassage(It.IsAny<string>())).Returns((string id) => id.StartsWith("001#", StringComparison.Ordinal) ? TestData.Page(id) : null);
        Answers.Setup(a => a.Sources).Returns([new SourceSummary("001", TestData.Cohen, 20, true)]);
        Answers.Setup(a => a.Info).Returns(new EngineInfo("0.1.0", "knowledge-hash", "model-hash", 1, 20));
        Feedback.Setup(f => f.RecordAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<FeedbackVote>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string q, string p, string u, FeedbackVote v, CancellationToken _) => new FeedbackEntry(q, p, u, v, Time.GetUtcNow()));

        QuestionLog.Setup(l => l.RecordAsync(It.IsAny<Answer>(), It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<string?>(), It.IsAny<CancellationToken>())).ReturnsAsync(1L);
        QuestionLog.Setup(l => l.RecordFeedbackAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<FeedbackVote>(), It.IsAny<CancellationToken>())).ReturnsAsync(true);
        var questions = new QuestionRecorder(NullLogger<QuestionRecorder>.Instance, QuestionLog.Object, Microsoft.Extensions.Options.Options.Create(new ModerationOptions()));

        Moderation = new ModerationHandler(Downloader.Object, Recent, options, NullLogger<ModerationHandler>.Instance, libraries is null ? Knowledge.Object : null, Time, libraries);
        libraryAnswers ??= new SingleLibraryAnswers(Answers.Object);
        var answers = new InteractionHandler(Rest.Object, libraryAnswers, Feedback.Object, Recent, Noise, Slots, options, NullLogger<InteractionHandler>.Instance,
            Moderation, questions, libraryFeedback);
        Interactions = new InteractionRouter(Rest.Object, answers, Recent, Noise, Session, options, NullLogger<InteractionRouter>.Instance, Moderation);
        Mentions = new MentionHandler(Rest.Object, libraryAnswers, Recent, Noise, Session, options, Time, NullLogger<MentionHandler>.Instance, questions);
    }

    /// <summary>Caches an answer as the bot gave it in <paramref name="channelId"/> of <paramref name="guildId"/> to <paramref name="userId"/>; returns its key.</summary>
    public Task<string> RememberAsync(Answer answer, string channelId = "c1", string userId = "u1", bool isPrivate = false, string? guildId = Guild,
        string libraryId = Core.Libraries.LibraryId.Default) =>
        Recent.AddAsync(libraryId, answer, new AnswerOrigin(guildId, channelId, userId, isPrivate));

    public RestCall[] Take()
    {
        var list = new List<RestCall>();
        while (Calls.TryDequeue(out var c)) list.Add(c);
        return list.ToArray();
    }

    // ---- interaction builders (shapes from "Interaction Object") ----

    private static int _ids = 100;

    public static DiscordInteraction Slash(string name, string? question = null, bool? ephemeral = null, string? guildId = Guild, string channelId = "c1", string userId = "u1",
        IReadOnlyList<string>? roles = null)
    {
        var options = new List<InteractionOption>();
        if (question is not null) options.Add(new InteractionOption { Name = "question", Type = ApplicationCommandOptionType.String, Value = JsonSerializer.SerializeToElement(question) });
        if (ephemeral is not null) options.Add(new InteractionOption { Name = "ephemeral", Type = ApplicationCommandOptionType.Boolean, Value = JsonSerializer.SerializeToElement(ephemeral.Value) });
        return Base(InteractionType.ApplicationCommand, new InteractionData { Id = "cmd", Name = name, Type = ApplicationCommandType.ChatInput, Options = options }, guildId, channelId, userId, roles);
    }

    public static DiscordInteraction Button(string customId, bool onPrivateMessage = false, string? guildId = Guild, string channelId = "c1", string userId = "u1",
        IReadOnlyList<string>? roles = null, string? permissions = null) =>
        Base(InteractionType.MessageComponent, new InteractionData { CustomId = customId, ComponentType = ComponentType.Button }, guildId, channelId, userId, roles, permissions) with
        {
            Message = new DiscordMessage { Id = "answer-msg", ChannelId = channelId, Flags = onPrivateMessage ? MessageFlags.Ephemeral : 0 },
        };

    public static DiscordInteraction MessageCommand(string targetId, string? content, string channelId = "c1", string userId = "u1") =>
        Base(InteractionType.ApplicationCommand, new InteractionData
        {
            Id = "cmd2", Name = "Ask SourceBot", Type = ApplicationCommandType.Message, TargetId = targetId,
            Resolved = new ResolvedData { Messages = new Dictionary<string, DiscordMessage> { [targetId] = new() { Id = targetId, ChannelId = channelId, Content = content, Author = new DiscordUser { Id = "u9" } } } },
        }, Guild, channelId, userId);

    public static DiscordInteraction ModalSubmit(string customId, string value, string channelId = "c1", string inputId = "q", IReadOnlyList<string>? roles = null,
        IReadOnlyList<SubmittedComponent>? more = null, string? guildId = Guild, string? permissions = null) =>
        Base(InteractionType.ModalSubmit, new InteractionData
        {
            CustomId = customId,
            Components = [new SubmittedComponent { Type = ComponentType.Label, Component = new SubmittedComponent { Type = ComponentType.TextInput, CustomId = inputId, Value = value } }, .. more ?? []],
        }, guildId, channelId, "u1", roles, permissions);

    /// <summary>/kb {sub} with its options (strings, booleans, integers); <paramref name="attachment"/> is resolved as option "file".</summary>
    public static DiscordInteraction Kb(string sub, IReadOnlyDictionary<string, object>? options = null, IReadOnlyList<string>? roles = null, string? permissions = null,
        DiscordAttachment? attachment = null, string? guildId = Guild, string userId = "u1")
    {
        var subOptions = (options ?? new Dictionary<string, object>()).Select(kv => new InteractionOption
        {
            Name = kv.Key,
            Type = kv.Value switch { bool => ApplicationCommandOptionType.Boolean, int or long => ApplicationCommandOptionType.Integer, _ => ApplicationCommandOptionType.String },
            Value = JsonSerializer.SerializeToElement(kv.Value, kv.Value.GetType()),
        }).ToList();
        ResolvedData? resolved = null;
        if (attachment is not null)
        {
            subOptions.Add(new InteractionOption { Name = "file", Type = ApplicationCommandOptionType.Attachment, Value = JsonSerializer.SerializeToElement(attachment.Id) });
            resolved = new ResolvedData { Attachments = new Dictionary<string, DiscordAttachment> { [attachment.Id] = attachment } };
        }
        return Base(InteractionType.ApplicationCommand, new InteractionData
        {
            Id = "kbcmd", Name = "kb", Type = ApplicationCommandType.ChatInput, Resolved = resolved,
            Options = [new InteractionOption { Name = sub, Type = ApplicationCommandOptionType.SubCommand, Options = subOptions }],
        }, guildId, "c1", userId, roles, permissions);
    }

    /// <summary>/kb library {sub} with its options (strings and booleans), in <paramref name="guildId"/>.</summary>
    public static DiscordInteraction KbLibrary(string sub, IReadOnlyDictionary<string, object>? options = null, IReadOnlyList<string>? roles = null,
        string? guildId = Guild, string userId = "u1")
    {
        var subOptions = (options ?? new Dictionary<string, object>()).Select(kv => new InteractionOption
        {
            Name = kv.Key,
            Type = kv.Value is bool ? ApplicationCommandOptionType.Boolean : ApplicationCommandOptionType.String,
            Value = JsonSerializer.SerializeToElement(kv.Value, kv.Value.GetType()),
        }).ToList();
        return Base(InteractionType.ApplicationCommand, new InteractionData
        {
            Id = "kbcmd", Name = "kb", Type = ApplicationCommandType.ChatInput,
            Options =
            [
                new InteractionOption
                {
                    Name = "library", Type = ApplicationCommandOptionType.SubCommandGroup,
                    Options = [new InteractionOption { Name = sub, Type = ApplicationCommandOptionType.SubCommand, Options = subOptions }],
                },
            ],
        }, guildId, "c1", userId, roles);
    }

    private static DiscordInteraction Base(InteractionType type, InteractionData data, string? guildId, string channelId, string userId,
        IReadOnlyList<string>? roles = null, string? permissions = null)
    {
        var id = Interlocked.Increment(ref _ids).ToString();
        return new DiscordInteraction
        {
            Id = id,
            ApplicationId = "1000",
            Type = type,
            Data = data,
            GuildId = guildId,
            ChannelId = channelId,
            Member = guildId is null ? null : new DiscordMember { User = new DiscordUser { Id = userId, Username = "asker" }, Roles = roles ?? [], Permissions = permissions ?? "0" },
            User = guildId is null ? new DiscordUser { Id = userId, Username = "asker" } : null,
            Token = "itok-" + id,
        };
    }

    public static DiscordMessage Message(string content, string id = "m1", string? guildId = Guild, string channelId = "c1", string authorId = "u1", bool bot = false, DiscordMessage? replyTo = null) => new()
    {
        Id = id,
        ChannelId = channelId,
        GuildId = guildId,
        Author = new DiscordUser { Id = authorId, Username = "someone", Bot = bot },
        Content = content,
        ReferencedMessage = replyTo,
        MessageReference = replyTo is null ? null : new MessageReference { MessageId = replyTo.Id, ChannelId = channelId },
    };
}
