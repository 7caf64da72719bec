using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SourceBot.Core.Answers;
using SourceBot.Core.Libraries;
using SourceBot.Core.Moderation;
using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Wire;
using SourceBot.Discord.Interactions;
using SourceBot.Discord.Rendering;
using static SourceBot.Discord.Interactions.InteractionReplies;

namespace SourceBot.Discord.Moderation;

/// <summary>
/// The moderators' side of the bot: the /kb subcommands, the "Teach" buttons (on a 👎 and on a no-answer) and the passage edit
/// form. Who is a moderator (a configured role, or Administrator when allowed) is checked on every command, button and form;
/// everyone else gets a private refusal. Every reply is private. Slow work (downloads, training, edits that wait for the edit
/// lock) is deferred first with an ephemeral "thinking" reply, then the result is edited in.
/// <para>
/// Every command, button and form changes the library of the server it comes from: with <see cref="ILibraries"/> registered,
/// the one <see cref="ILibraries.LibraryOfServerAsync"/> names for the interaction's own server (so a moderator of one server
/// never reaches another server's library), else the single registered <see cref="IKnowledgeModeration"/>. /kb library
/// creates, lists and chooses libraries (<see cref="LibraryCommands"/>).
/// </para>
/// </summary>
public sealed class ModerationHandler : ITeachingOffer
{
    public const string NotModeratorText = "Only SourceBot moderators can do that.";
    public const string OtherServerText = "This server does not moderate SourceBot's knowledge.";
    public const string UnavailableText = "Moderation is not available: this SourceBot was started without its knowledge service.";
    public const string TextInput = "text";
    public const string WhyInput = "why";
    public const int CandidateCount = 5;
    internal const int Color = 0x805AD5;
    internal const int FailColor = 0xC53030;
    private const string Why = "taught from Discord";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly IAttachmentDownloader _downloader;
    private readonly RecentAnswers _recent;
    private readonly DiscordOptions _options;
    private readonly HashSet<string> _moderatorRoles;
    private readonly IReadOnlySet<string> _moderatingGuilds;
    private readonly ILogger _logger;
    private readonly IKnowledgeModeration? _knowledge;
    private readonly ILibraries? _libraries;
    private readonly TimeProvider _time;

    public ModerationHandler(IAttachmentDownloader downloader, RecentAnswers recent, IOptions<DiscordOptions> options, ILogger<ModerationHandler> logger,
        IKnowledgeModeration? knowledge = null, TimeProvider? time = null, ILibraries? libraries = null)
    {
        _libraries = libraries;
        _time = time ?? TimeProvider.System;
        _downloader = downloader;
        _recent = recent;
        _options = options.Value;
        _moderatingGuilds = _options.ModeratingGuilds();
        _moderatorRoles = new HashSet<string>(_options.ModeratorRoleIds.Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim()), StringComparer.Ordinal);
        _logger = logger;
        _knowledge = knowledge;
    }

    /// <summary>Whether moderation can be offered at all (the host registered the libraries or a knowledge moderation).</summary>
    public bool Available => _libraries is not null || _knowledge is not null;

    /// <summary>
    /// A member of a moderating server (<see cref="DiscordOptions.ModeratingGuilds"/>) with one of
    /// <see cref="DiscordOptions.ModeratorRoleIds"/>, or with the Administrator permission there when
    /// <see cref="DiscordOptions.AdministratorsAreModerators"/>. Nobody in any other server is, whatever their permissions
    /// there, and nobody in a DM: there are no roles there.
    /// </summary>
    public bool IsModerator(DiscordInteraction interaction)
    {
        if (!IsModeratingServer(interaction) || interaction.Member is not { } member) return false;
        if (member.Roles?.Any(_moderatorRoles.Contains) == true) return true;
        return _options.AdministratorsAreModerators && ulong.TryParse(member.Permissions, NumberStyles.None, Inv, out var bits) &&
               ((Permissions)bits).HasFlag(Permissions.Administrator);
    }

    private bool IsModeratingServer(DiscordInteraction interaction) => interaction.GuildId is { } guild && _moderatingGuilds.Contains(guild);

    /// <summary>Whether to offer the "Teach" button to this user: a moderator, with moderation available.</summary>
    public bool CanTeach(DiscordInteraction interaction) => Available && IsModerator(interaction);

    /// <summary>The "Teach" button for the answer, offered to a moderator when moderation is available.</summary>
    public ActionRow? OfferFor(DiscordInteraction interaction, string answerKey) => CanTeach(interaction) ? TeachRow(answerKey) : null;

    /// <summary>The "Teach" button for an answer in <see cref="RecentAnswers"/> (an answer key always fits a custom_id: no alias).</summary>
    public ActionRow TeachRow(string answerKey) => new()
    {
        Components =
        [
            new Button { Style = ButtonStyle.Primary, Label = "Teach", Emoji = new PartialEmoji { Name = "🎓" }, CustomId = CustomIds.Encode(BotAction.Teach, answerKey, CustomIdAliases.None) },
        ],
    };

    // ---- /kb ----

    internal async Task HandleCommandAsync(InteractionContext context, CancellationToken ct)
    {
        if (!await CheckAsync(context, ct).ConfigureAwait(false)) return;
        var actor = ActorOf(context.Interaction);
        if (context.Interaction.Data?.Options?.FirstOrDefault(o => o.Type == ApplicationCommandOptionType.SubCommandGroup) is { Name: Commands.KbLibrary } group)
        {
            var command = group.Options?.FirstOrDefault(o => o.Type == ApplicationCommandOptionType.SubCommand);
            _logger.LogInformation("/kb library {Subcommand} by {ActorId} in server {GuildId}", command?.Name, actor.Id, context.Interaction.GuildId);
            await DeferredAsync(context, ct, async () =>
                await LibraryCommands.RunAsync(_libraries, command, actor, context.Interaction.GuildId!, ct).ConfigureAwait(false)).ConfigureAwait(false);
            return;
        }
        var sub = context.Interaction.Data?.Options?.FirstOrDefault(o => o.Type == ApplicationCommandOptionType.SubCommand);
        var options = sub?.Options ?? [];
        _logger.LogInformation("/kb {Subcommand} by {ActorId}", sub?.Name, actor.Id);
        // Opened after deferring where a command defers: opening a library not yet loaded may take longer than Discord's 3 seconds.
        Task<IKnowledgeModeration> Knowledge() => ModerationOfAsync(context.Interaction, ct);
        switch (sub?.Name)
        {
            case Commands.KbAdd:
                await AddAsync(context, actor, options, ct).ConfigureAwait(false);
                break;
            case Commands.KbEdit:
                await OpenEditAsync(context, await Knowledge().ConfigureAwait(false), StringOption(options, Commands.PassageOption)?.Trim() ?? "", ct).ConfigureAwait(false);
                break;
            case Commands.KbHide or Commands.KbUnhide:
            {
                var passage = StringOption(options, Commands.PassageOption)?.Trim() ?? "";
                bool hide = sub?.Name == Commands.KbHide;
                await DeferredAsync(context, ct, async () =>
                    Result(await (await Knowledge().ConfigureAwait(false)).SetHiddenAsync(actor, passage, hide, StringOption(options, Commands.ReasonOption), ct).ConfigureAwait(false),
                        hide ? "Hidden" : "Shown again")).ConfigureAwait(false);
                break;
            }
            case Commands.KbTeach:
                await TeachCommandAsync(context, actor, options, ct).ConfigureAwait(false);
                break;
            case Commands.KbPreview:
                await DeferredAsync(context, ct, async () => RenderPreview(await (await Knowledge().ConfigureAwait(false)).PreviewAsync(ct).ConfigureAwait(false))).ConfigureAwait(false);
                break;
            case Commands.KbPublish:
                await DeferredAsync(context, ct, async () =>
                    RenderPublish(await (await Knowledge().ConfigureAwait(false)).PublishAsync(actor, StringOption(options, Commands.ReasonOption), ct).ConfigureAwait(false), "Published", "Not published")).ConfigureAwait(false);
                break;
            case Commands.KbRollback:
            {
                var version = IntegerOption(options, Commands.VersionOption);
                if (version is null or < 1)
                {
                    await context.RespondAsync(Private("Give the version to return to, e.g. 2 (see /kb history)."), ct).ConfigureAwait(false);
                    break;
                }
                await DeferredAsync(context, ct, async () =>
                    RenderPublish(await (await Knowledge().ConfigureAwait(false)).RollbackAsync(actor, (int)version, StringOption(options, Commands.ReasonOption), ct).ConfigureAwait(false), "Rolled back", "Not rolled back")).ConfigureAwait(false);
                break;
            }
            case Commands.KbHistory:
                await DeferredAsync(context, ct, async () =>
                {
                    var library = await Knowledge().ConfigureAwait(false);
                    return RenderHistory(await library.ListHistoryAsync(ct).ConfigureAwait(false), await library.LiveVersionAsync(ct).ConfigureAwait(false));
                }).ConfigureAwait(false);
                break;
            case Commands.KbGaps:
            {
                var days = IntegerOption(options, Commands.DaysOption);
                DateTimeOffset? since = days is > 0 ? _time.GetUtcNow().AddDays(-(double)days.Value) : null;
                await DeferredAsync(context, ct, async () => RenderGaps(await (await Knowledge().ConfigureAwait(false)).GapsAsync(since, ct).ConfigureAwait(false), days)).ConfigureAwait(false);
                break;
            }
            default:
                await context.RespondAsync(Private("I don't know that /kb subcommand (any more)."), ct).ConfigureAwait(false);
                break;
        }
    }

    // ---- /kb add ----

    private async Task AddAsync(InteractionContext context, Actor actor, IReadOnlyList<InteractionOption> options, CancellationToken ct)
    {
        var id = StringOption(options, Commands.FileOption);
        DiscordAttachment? attachment = null;
        if (id is not null) context.Interaction.Data?.Resolved?.Attachments?.TryGetValue(id, out attachment);
        if (attachment is null)
        {
            await context.RespondAsync(Private("Attach the page as a .txt or .md file to /kb add."), ct).ConfigureAwait(false);
            return;
        }
        var name = Path.GetFileName(attachment.Filename ?? "");
        if (CheckAttachment(name, attachment.Size, _options.MaxAttachmentBytes) is { } problem)
        {
            await context.RespondAsync(Private(problem), ct).ConfigureAwait(false);
            return;
        }
        var why = StringOption(options, Commands.ReasonOption);
        await DeferredAsync(context, ct, async () =>
        {
            var download = await _downloader.DownloadAsync(attachment, _options.MaxAttachmentBytes, ct).ConfigureAwait(false);
            if (download.Content is not { } bytes) return Failure(download.Error ?? $"'{name}' could not be downloaded.");
            if (CheckContent(name, bytes, _options.MaxAttachmentBytes) is { } contentProblem) return Failure(contentProblem);
            var result = await (await ModerationOfAsync(context.Interaction, ct).ConfigureAwait(false)).AddSourceAsync(actor, name, bytes, why, ct).ConfigureAwait(false);
            return RenderAdd(result);
        }).ConfigureAwait(false);
    }

    /// <summary>What is wrong with an attachment before downloading it (name and declared size), or null.</summary>
    public static string? CheckAttachment(string name, long size, long maxBytes)
    {
        var ext = Path.GetExtension(name).ToLowerInvariant();
        if (name.Length == 0 || ext is not (".txt" or ".md"))
            return $"Only .txt and .md files can be added; '{(name.Length == 0 ? "the attachment" : name)}' is neither. Save the page as plain text first.";
        if (size == 0) return $"'{name}' is empty; nothing was added.";
        if (size > maxBytes) return AttachmentDownloader.TooLarge(name, size, maxBytes);
        return null;
    }

    /// <summary>What is wrong with a downloaded file (empty, too large, not UTF-8 text), or null.</summary>
    public static string? CheckContent(string name, byte[] bytes, long maxBytes)
    {
        if (bytes.Length == 0) return $"'{name}' is empty; nothing was added.";
        if (bytes.Length > maxBytes) return AttachmentDownloader.TooLarge(name, bytes.Length, maxBytes);
        bool text = Array.IndexOf(bytes, (byte)0) < 0;
        if (text)
        {
            try
            {
                StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                text = false;
            }
        }
        return text ? null : $"'{name}' is not text (it is binary, or not UTF-8); send the page as a UTF-8 .txt or .md file. Nothing was added.";
    }

    private static Reply RenderAdd(KbResult result)
    {
        if (!result.Succeeded) return Failure(result.Message);
        FileUpload? file = null;
        var description = new StringBuilder(TextFit.Truncate(WithDraftNote(result), 1500));
        if (result.ImportReport is { } report)
        {
            const string open = "\n\n**Import report**\n```\n", close = "\n```";
            int room = DiscordLimits.EmbedDescription - description.Length - open.Length - close.Length - 80;
            var text = report.Format().Replace("```", "'''", StringComparison.Ordinal).TrimEnd();
            if (text.Length > room)
            {
                // Keep whole lines, then say how much was left out.
                var kept = new StringBuilder();
                var lines = text.Split('\n');
                int shown = 0;
                foreach (var line in lines)
                {
                    if (kept.Length + line.Length + 1 > room) break;
                    kept.Append(line).Append('\n');
                    shown++;
                }
                text = kept.ToString() + $"… {lines.Length - shown} more lines: the whole report is attached";
                file = new FileUpload($"import-report-{report.SourceId}.txt", Encoding.UTF8.GetBytes(report.Format()));
            }
            description.Append(open).Append(text).Append(close);
        }
        return new Reply(Embed("Added to the draft", description.ToString(), Color), file);
    }

    // ---- /kb edit ----

    private async Task OpenEditAsync(InteractionContext context, IKnowledgeModeration knowledge, string passageId, CancellationToken ct)
    {
        string? text;
        try
        {
            text = passageId.Length == 0 ? null : await knowledge.DraftPassageTextAsync(passageId, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Core.Knowledge.KnowledgeFormatException)
        {
            await context.RespondAsync(Private("The draft knowledge cannot be read: " + e.Message), ct).ConfigureAwait(false);
            return;
        }
        if (text is null)
        {
            await context.RespondAsync(Private($"No passage {passageId} in the draft knowledge (passage ids look like source#p4, as in the footer of an answer)."), ct).ConfigureAwait(false);
            return;
        }
        if (text.Length > DiscordLimits.TextInputValue)
        {
            await context.RespondAsync(Private($"Passage {passageId} is {text.Length:N0} characters, more than a Discord form holds ({DiscordLimits.TextInputValue:N0}); edit it with `kb edit` on the command line."), ct).ConfigureAwait(false);
            return;
        }
        var modal = new ModalPayload
        {
            CustomId = await CustomIds.EncodeAsync(BotAction.EditSubmit, passageId, _recent, ct).ConfigureAwait(false),
            Title = TextFit.Truncate($"Edit passage {passageId}", DiscordLimits.ModalTitle),
            Components =
            [
                new LabelComponent
                {
                    Label = "Passage text",
                    Description = "Keep footnote markers like [12]. Line breaks become spaces.",
                    Component = new Client.Wire.TextInput { CustomId = TextInput, Style = TextInputStyle.Paragraph, MinLength = 1, MaxLength = DiscordLimits.TextInputValue, Required = true, Value = text },
                },
                new LabelComponent
                {
                    Label = "Why (optional)",
                    Description = "Kept in the change history.",
                    Component = new Client.Wire.TextInput { CustomId = WhyInput, Style = TextInputStyle.Short, MaxLength = 500, Required = false },
                },
            ],
        };
        await context.ShowModalAsync(modal, ct).ConfigureAwait(false);
    }

    internal async Task HandleModalAsync(BotAction action, string? argument, InteractionContext context, CancellationToken ct)
    {
        if (!await CheckAsync(context, ct).ConfigureAwait(false)) return;
        if (action != BotAction.EditSubmit || string.IsNullOrEmpty(argument))
        {
            await context.RespondAsync(Private("That form has expired; run /kb edit again."), ct).ConfigureAwait(false);
            return;
        }
        var text = SubmittedValue(context.Interaction.Data?.Components, TextInput) ?? "";
        var why = SubmittedValue(context.Interaction.Data?.Components, WhyInput);
        if (string.IsNullOrWhiteSpace(text))
        {
            await context.RespondAsync(Private($"Refused: the new text of {argument} is empty, so nothing was changed. To take a passage out of answers, use /kb hide."), ct).ConfigureAwait(false);
            return;
        }
        var actor = ActorOf(context.Interaction);
        await DeferredAsync(context, ct, async () =>
            Result(await (await ModerationOfAsync(context.Interaction, ct).ConfigureAwait(false)).EditPassageAsync(actor, argument, text, string.IsNullOrWhiteSpace(why) ? null : why, ct).ConfigureAwait(false), "Edited")).ConfigureAwait(false);
    }

    // ---- teaching ----

    private async Task TeachCommandAsync(InteractionContext context, Actor actor, IReadOnlyList<InteractionOption> options, CancellationToken ct)
    {
        var question = StringOption(options, Commands.QuestionOption)?.Trim() ?? "";
        var passage = StringOption(options, Commands.PassageOption)?.Trim();
        bool notCovered = BoolOption(options, Commands.NotCoveredOption) ?? false;
        var why = StringOption(options, Commands.ReasonOption) ?? Why;
        if (question.Length == 0)
        {
            await context.RespondAsync(Private("Give the question to teach."), ct).ConfigureAwait(false);
            return;
        }
        if (notCovered && !string.IsNullOrEmpty(passage))
        {
            await context.RespondAsync(Private("Give either a passage or not_covered:true, not both."), ct).ConfigureAwait(false);
            return;
        }
        if (!notCovered && string.IsNullOrEmpty(passage))
        {
            await DeferredAsync(context, ct, async () => await RenderCandidatesAsync(await ModerationOfAsync(context.Interaction, ct).ConfigureAwait(false), question, ct).ConfigureAwait(false)).ConfigureAwait(false);
            return;
        }
        await DeferredAsync(context, ct, async () =>
            Result(await (await ModerationOfAsync(context.Interaction, ct).ConfigureAwait(false)).TeachAsync(actor, question, notCovered ? null : passage, why, ct).ConfigureAwait(false), "Taught")).ConfigureAwait(false);
    }

    internal async Task HandleComponentAsync(BotAction action, string? argument, InteractionContext context, CancellationToken ct)
    {
        if (!await CheckAsync(context, ct).ConfigureAwait(false)) return;
        switch (action)
        {
            case BotAction.Teach:
            {
                // The answer key comes from a custom_id: only an answer given in this channel (to this moderator, if it was private).
                if (await FindAnswerAsync(context, _recent, argument, askerOnly: false, _logger, ct).ConfigureAwait(false) is not { } recent) return;
                await DeferredAsync(context, ct, async () => await RenderCandidatesAsync(await ModerationOfAsync(context.Interaction, ct).ConfigureAwait(false), recent.Answer.Question, ct).ConfigureAwait(false)).ConfigureAwait(false);
                return;
            }
            case BotAction.TeachPick when argument is not null && argument.IndexOf('|', StringComparison.Ordinal) is var bar and >= 0:
            {
                var passage = bar == 0 ? null : argument[..bar];
                var question = argument[(bar + 1)..];
                var actor = ActorOf(context.Interaction);
                // Replace the private list of candidates with the result, so the same choice cannot be made twice by accident; on
                // any other message (only a forged button can be there) answer privately instead of replacing what others see.
                if (IsOnPrivateMessage(context.Interaction)) await context.AcknowledgeAsync(ct).ConfigureAwait(false);
                else await context.DeferAsync(ephemeral: true, ct).ConfigureAwait(false);
                MessagePayload reply;
                try
                {
                    var knowledge = await ModerationOfAsync(context.Interaction, ct).ConfigureAwait(false);
                    reply = Result(await knowledge.TeachAsync(actor, question, passage, Why, ct).ConfigureAwait(false), "Taught");
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _logger.LogError(e, "Teaching from Discord failed");
                    reply = Failure("Something went wrong while teaching that: " + e.Message);
                }
                await context.EditOriginalAsync(reply, ct).ConfigureAwait(false);
                return;
            }
            default:
                await context.RespondAsync(Private("This button no longer works; use /kb teach."), ct).ConfigureAwait(false);
                return;
        }
    }

    private async Task<MessagePayload> RenderCandidatesAsync(IKnowledgeModeration knowledge, string question, CancellationToken ct)
    {
        var candidates = knowledge.TeachCandidates(question, CandidateCount);
        var lines = new List<string>();
        var buttons = new List<Button>();
        int budget = (DiscordLimits.EmbedDescription - 400) / Math.Max(1, candidates.Count);
        for (int i = 0; i < candidates.Count && i < CandidateCount; i++)
        {
            var c = candidates[i];
            var head = $"**{i + 1}.** `{c.PassageId}` (score {c.Score.ToString("0.00", Inv)})\n";
            lines.Add(head + TextFit.Truncate(c.Quote, Math.Max(40, budget - head.Length)));
            buttons.Add(new Button { Style = ButtonStyle.Secondary, Label = TextFit.Truncate($"{i + 1}: {c.PassageId}", DiscordLimits.ButtonLabel), CustomId = await CustomIds.EncodeAsync(BotAction.TeachPick, c.PassageId + "|" + question, _recent, ct).ConfigureAwait(false) });
        }
        var rows = new List<ActionRow>();
        if (buttons.Count > 0) rows.Add(new ActionRow { Components = buttons });
        rows.Add(new ActionRow
        {
            Components = [new Button { Style = ButtonStyle.Danger, Label = "Not covered", CustomId = await CustomIds.EncodeAsync(BotAction.TeachPick, "|" + question, _recent, ct).ConfigureAwait(false) }],
        });
        var description = (lines.Count == 0 ? "No passage matches this question at all." : string.Join("\n\n", lines)) +
                          "\n\nPick the passage that answers it, or **Not covered** if none does. It is used from the next /kb publish.";
        return new MessagePayload
        {
            Embeds = [new Embed { Title = TextFit.Truncate("Teach: " + question, DiscordLimits.EmbedTitle), Description = TextFit.Truncate(description, DiscordLimits.EmbedDescription), Color = Color }],
            Components = rows,
            AllowedMentions = AllowedMentions.None,
        };
    }

    // ---- rendering ----

    private static MessagePayload Result(KbResult result, string title) =>
        result.Succeeded ? Embed(title, WithDraftNote(result), Color) : Failure(result.Message);

    /// <summary>A change to the draft, with its number and that it goes live with /kb publish.</summary>
    private static string WithDraftNote(KbResult result) =>
        result.Change is { } change ? $"{result.Message} (change #{change.Sequence}; draft, not live until /kb publish)" : result.Message;

    private static MessagePayload RenderPublish(PublishResult result, string title, string failTitle)
    {
        if (!result.Succeeded) return Embed(failTitle, result.Message, FailColor);
        var text = new StringBuilder(result.Message);
        var warnings = result.Warnings.IsDefaultOrEmpty ? [] : result.Warnings.ToList();
        if (warnings.Count > 0)
        {
            text.Append("\n\n**Warnings**\n");
            foreach (var line in TextFit.Pack(warnings.Select(w => "• " + w), 2000).Take(1)) text.Append(line);
        }
        return Embed(result.Version is null ? "Nothing published" : title, text.ToString(), Color);
    }

    private static MessagePayload RenderPreview(PreviewReport report)
    {
        if (!report.Succeeded) return Failure(report.Message);
        var parts = new List<string> { report.Message };
        if (!report.DraftChanges.IsDefaultOrEmpty)
            parts.Add("**Draft vs live**\n" + string.Join("\n", report.DraftChanges.Take(10).Select(d => "• " + TextFit.Truncate(d, 200))) +
                      (report.DraftChanges.Length > 10 ? $"\n… and {report.DraftChanges.Length - 10} more" : ""));
        var changes = report.Changes.IsDefaultOrEmpty ? [] : report.Changes.ToList();
        var lines = changes.Select(c =>
            $"**[{c.Origin}]** {TextFit.Truncate(c.Question, 200)}\n  live v{report.LiveVersion}: {Describe(c.Live)}\n  draft: {Describe(c.Draft)}").ToList();
        return Embed("Preview: draft vs live", Fit(parts, lines, "changed answers"), Color);
    }

    private static MessagePayload RenderHistory(IReadOnlyList<ChangeRecord> history, int? live)
    {
        var head = live is int v ? $"Live: v{v}." : "Nothing published yet: the bot answers from the knowledge folder.";
        if (history.Count == 0) return Embed("History", head + "\nNo changes recorded yet.", Color);
        var lines = history.Reverse().Take(20).Select(c =>
        {
            var version = c.Version is int n ? $" → v{n}" : "";
            var why = string.IsNullOrWhiteSpace(c.Why) ? "" : $" — why: {TextFit.Truncate(c.Why, 150)}";
            return $"`#{c.Sequence}` {c.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm", Inv)} **{TextFit.Truncate(c.ByName, 40)}** {ChangeRecord.KindName(c.Kind)} {c.Target}{version}: {TextFit.Truncate(c.What, 250)}{why}";
        }).ToList();
        return Embed("History (newest first)", Fit([head], lines, "older changes"), Color);
    }

    private static MessagePayload RenderGaps(GapReport report, long? days)
    {
        var scope = days is > 0 ? $" in the last {days} days" : "";
        if (report.Gaps.IsDefaultOrEmpty) return Embed("Gaps", $"No gaps{scope}: no logged question went unanswered or got a 👎.", Color);
        var lines = report.Gaps.Take(15).Select(g =>
        {
            var kinds = new List<string>();
            if (g.NoAnswerCount > 0) kinds.Add($"{g.NoAnswerCount} no answer");
            if (g.DownVoteCount > 0) kinds.Add($"{g.DownVoteCount} 👎" + (g.PassageIds.IsDefaultOrEmpty ? "" : " on " + string.Join(", ", g.PassageIds.Take(3))));
            var also = g.Variants.IsDefaultOrEmpty ? "" : "\n  also: " + string.Join(" · ", g.Variants.Take(2).Select(x => TextFit.Truncate(x, 100)));
            return $"**{g.Count}×** {TextFit.Truncate(g.Question, 200)} ({string.Join("; ", kinds)}; last {g.LastAsked.UtcDateTime.ToString("yyyy-MM-dd", Inv)}){also}";
        }).ToList();
        return Embed("Gaps", Fit([$"{report.MissCount} missed questions{scope} in {report.Gaps.Length} groups. Teach one with /kb teach."], lines, "groups"), Color);
    }

    private static string Describe(Answer a) =>
        a.Answered ? $"`{a.PassageId}` “{TextFit.Truncate(a.Quote ?? "", 100)}”" : $"no answer ({TextFit.Truncate(a.Reason, 80)})";

    /// <summary>The head paragraphs, then as many lines as fit the embed description, then "… and N more {what}".</summary>
    private static string Fit(IReadOnlyList<string> head, IReadOnlyList<string> lines, string what)
    {
        var sb = new StringBuilder(TextFit.Truncate(string.Join("\n\n", head), 1500));
        const int limit = DiscordLimits.EmbedDescription - 60;
        for (int i = 0; i < lines.Count; i++)
        {
            if (sb.Length + 2 + lines[i].Length > limit)
            {
                sb.Append(Inv, $"\n\n… and {lines.Count - i} more {what}.");
                break;
            }
            sb.Append("\n\n").Append(lines[i]);
        }
        return sb.ToString();
    }

    internal static MessagePayload Embed(string title, string description, int color) => new()
    {
        Embeds = [new Embed { Title = TextFit.Truncate(title, DiscordLimits.EmbedTitle), Description = TextFit.Truncate(description, DiscordLimits.EmbedDescription), Color = color }],
        Components = [],
        AllowedMentions = AllowedMentions.None,
    };

    internal static MessagePayload Failure(string message) => Embed("Not done", message, FailColor);

    private static MessagePayload Private(string text) => AnswerRenderer.Note(text, ephemeral: true);

    // ---- plumbing ----

    /// <summary>Refuses (privately) anyone who is not a moderator, and everything when moderation is unavailable.</summary>
    private async Task<bool> CheckAsync(InteractionContext context, CancellationToken ct)
    {
        if (!IsModerator(context.Interaction))
        {
            _logger.LogInformation("Refused a moderator action to user {UserId}", context.Interaction.Invoker?.Id);
            var roles = _moderatorRoles.Count == 0 ? "" : " (members with " + string.Join(", ", _moderatorRoles.Take(5).Select(r => $"<@&{r}>")) + ")";
            var text = context.Interaction.GuildId is null ? NotModeratorText + " Moderator commands work in the server, not in direct messages."
                : !IsModeratingServer(context.Interaction) ? NotModeratorText + " " + OtherServerText
                : NotModeratorText + roles;
            await context.RespondAsync(Private(text), ct).ConfigureAwait(false);
            return false;
        }
        if (!Available)
        {
            await context.RespondAsync(Private(UnavailableText), ct).ConfigureAwait(false);
            return false;
        }
        return true;
    }

    /// <summary>
    /// The moderation of the library the interaction's own server uses; only after <see cref="CheckAsync"/>, so the server is a
    /// moderating one and the member its moderator.
    /// </summary>
    private async Task<IKnowledgeModeration> ModerationOfAsync(DiscordInteraction interaction, CancellationToken ct)
    {
        if (_libraries is null) return _knowledge!;
        var library = await _libraries.LibraryOfServerAsync(interaction.GuildId, ct).ConfigureAwait(false);
        return await _libraries.ModerationAsync(library, ct).ConfigureAwait(false);
    }

    /// <summary>A reply to edit in, with a file when the text does not fit a message.</summary>
    internal sealed record Reply(MessagePayload Message, FileUpload? File = null)
    {
        public static implicit operator Reply(MessagePayload message) => new(message);
    }

    /// <summary>Defers privately (type 5, flag 64), runs the work, and edits the result in; a failure is edited in as such.</summary>
    private async Task DeferredAsync(InteractionContext context, CancellationToken ct, Func<Task<Reply>> work)
    {
        await context.DeferAsync(ephemeral: true, ct).ConfigureAwait(false);
        Reply reply;
        try
        {
            reply = await work().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogError(e, "A /kb action failed");
            reply = Failure("Something went wrong: " + e.Message);
        }
        if (reply.File is { } file) await context.EditOriginalAsync(reply.Message, [file], ct).ConfigureAwait(false);
        else await context.EditOriginalAsync(reply.Message, ct).ConfigureAwait(false);
    }

    /// <summary>The moderator as Core records them: "discord:{user id}" and their display name.</summary>
    public static Actor ActorOf(DiscordInteraction interaction)
    {
        var user = interaction.Invoker;
        var id = user?.Id ?? "unknown";
        return new Actor("discord:" + id, user?.GlobalName ?? user?.Username ?? id);
    }

}
