using System.Collections.Immutable;
using System.Globalization;
using SourceBot.Core.Answers;
using SourceBot.Discord.Interactions;
using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Wire;

namespace SourceBot.Discord.Rendering;

/// <summary>
/// Turns Core's answers, passages and source lists into Discord messages that respect every limit in <see cref="DiscordLimits"/>
/// and ping nobody (<c>allowed_mentions: {"parse": []}</c> on every message). A pure function of its inputs: the aliases of
/// arguments too long for a custom_id are registered by the caller beforehand (the <c>…ButtonArguments</c> methods name them).
/// </summary>
public static class AnswerRenderer
{
    public const int AnswerColor = 0x2B6CB0;
    public const int NoAnswerColor = 0x718096;
    public const string NotCoveredLead = "The sources don't cover that.";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>A short text reply (notes, errors, "slow down").</summary>
    public static MessagePayload Note(string text, bool ephemeral = false, MessageReference? replyTo = null) => new()
    {
        Content = TextFit.Truncate(text, DiscordLimits.Content),
        Embeds = [],
        Components = [],
        AllowedMentions = AllowedMentions.None,
        MessageReference = replyTo,
        Flags = ephemeral ? MessageFlags.Ephemeral : null,
    };

    /// <summary>
    /// An answer (or a no-answer) as an embed with its buttons. <paramref name="answerKey"/> is the <see cref="RecentAnswers"/> key
    /// the feedback, "Other matches", "Share" and "Rephrase" buttons refer to; <paramref name="isPrivate"/> adds "Share to channel";
    /// <paramref name="aliases"/> holds the aliases of <see cref="AnswerButtonArguments"/> that need one.
    /// </summary>
    public static MessagePayload RenderAnswer(Answer answer, string answerKey, bool isPrivate, CustomIdAliases aliases, MessageReference? replyTo = null)
    {
        if (!answer.Answered || answer.Quote is null || answer.PassageId is null)
            return RenderNoAnswer(answer, answerKey, aliases, replyTo);

        var citation = answer.Citation;
        var title = TextFit.Truncate(answer.Question.Length == 0 ? "Answer" : answer.Question, DiscordLimits.EmbedTitle);
        var footer = TextFit.Truncate(
            $"Score {answer.Score.ToString("0.00", Inv)} · margin {answer.Margin.ToString("0.00", Inv)} · passage {answer.PassageId}",
            DiscordLimits.FooterText);
        var embed = BuildQuoteEmbed(title, answer.Quote, answer.Footnotes, citation, answer.SourceId, footer, AnswerColor);

        var row = new List<Button>
        {
            Btn("Read around", BotAction.ReadAround, answer.PassageId, aliases, ButtonStyle.Primary, "📖"),
            Btn("Other matches", BotAction.OtherMatches, answerKey, aliases, disabled: answer.Alternatives.IsDefaultOrEmpty),
            Btn("Cite", BotAction.Cite, answer.PassageId, aliases, emoji: "📝"),
            Btn(null, BotAction.VoteUp, answerKey, aliases, ButtonStyle.Success, "👍"),
            Btn(null, BotAction.VoteDown, answerKey, aliases, ButtonStyle.Danger, "👎"),
        };
        var rows = new List<ActionRow> { new() { Components = row } };
        var second = new List<Button>();
        if (isPrivate) second.Add(Btn("Share to channel", BotAction.Share, answerKey, aliases, ButtonStyle.Primary, "📣"));
        if (LinkButton("Open source", citation?.Url) is { } link) second.Add(link);
        if (second.Count > 0) rows.Add(new ActionRow { Components = second });

        return new MessagePayload
        {
            Embeds = [embed],
            Components = rows,
            AllowedMentions = AllowedMentions.None,
            MessageReference = replyTo,
        };
    }

    /// <summary>"The sources don't cover that. Closest topics they do cover: …" with the reason, and a "Rephrase" button.</summary>
    public static MessagePayload RenderNoAnswer(Answer answer, string answerKey, CustomIdAliases aliases, MessageReference? replyTo = null)
    {
        var lead = answer.Outcome == AnswerOutcome.NotCovered ? NotCoveredLead : "I can't answer that as asked.";
        var parts = new List<string> { lead };
        if (!string.IsNullOrWhiteSpace(answer.Reason)) parts.Add(answer.Reason.Trim());
        var topics = answer.NearestTopics.IsDefaultOrEmpty ? [] : answer.NearestTopics.Where(t => !string.IsNullOrWhiteSpace(t)).ToList();
        if (topics.Count > 0) parts.Add("Closest topics they do cover: " + string.Join("; ", topics.Select(t => t.Trim())) + ".");
        var title = answer.Question.Length == 0 ? "No answer" : answer.Question;
        var embed = new Embed
        {
            Title = TextFit.Truncate(title, DiscordLimits.EmbedTitle),
            Description = TextFit.Truncate(string.Join("\n\n", parts), DiscordLimits.EmbedDescription - 256),
            Color = NoAnswerColor,
            Footer = new EmbedFooter { Text = "Try /sources to see what the bot can answer from." },
        };
        return new MessagePayload
        {
            Embeds = [embed],
            Components = [new ActionRow { Components = [Btn("Rephrase", BotAction.Rephrase, answerKey, aliases, ButtonStyle.Primary, "✏️")] }],
            AllowedMentions = AllowedMentions.None,
            MessageReference = replyTo,
        };
    }

    /// <summary>
    /// A whole passage ("Read around"), with its own footnotes and citation and Prev / Next / Cite buttons; <paramref name="aliases"/>
    /// holds the aliases of <see cref="PassageButtonArguments"/> that need one.
    /// </summary>
    public static MessagePayload RenderPassage(PassageView page, CustomIdAliases aliases)
    {
        var title = TextFit.Truncate($"Passage {page.Position} of {page.Count} · {page.Citation.Title}", DiscordLimits.EmbedTitle);
        var footer = TextFit.Truncate($"passage {page.PassageId}", DiscordLimits.FooterText);
        var embed = BuildQuoteEmbed(title, page.Text, page.Footnotes, page.Citation, page.SourceId, footer, AnswerColor);
        var buttons = new List<Button>
        {
            page.PreviousPassageId is { } prev ? Btn("Prev", BotAction.Page, prev, aliases, emoji: "◀️") : DisabledButton("Prev", "sb:pg:none-prev", "◀️"),
            page.NextPassageId is { } next ? Btn("Next", BotAction.Page, next, aliases, emoji: "▶️") : DisabledButton("Next", "sb:pg:none-next", "▶️"),
            Btn("Cite", BotAction.Cite, page.PassageId, aliases, emoji: "📝"),
        };
        if (LinkButton("Open source", page.Citation.Url) is { } link) buttons.Add(link);
        return new MessagePayload
        {
            Embeds = [embed],
            Components = [new ActionRow { Components = buttons }],
            AllowedMentions = AllowedMentions.None,
        };
    }

    /// <summary>
    /// The runner-up passages of an answer, each with a "Read" button; <paramref name="aliases"/> holds the aliases of
    /// <see cref="AlternativesButtonArguments"/> that need one.
    /// </summary>
    public static MessagePayload RenderAlternatives(Answer answer, Func<string, PassageView?> passages, CustomIdAliases aliases)
    {
        var alternatives = ShownAlternatives(answer);
        if (alternatives.Count == 0) return Note("There are no other matches for this question.", ephemeral: true);
        var lines = new List<string>();
        var buttons = new List<Button>();
        int budget = (DiscordLimits.EmbedDescription - 64) / alternatives.Count;
        for (int i = 0; i < alternatives.Count; i++)
        {
            var alt = alternatives[i];
            var source = passages(alt.PassageId)?.Citation.ToString() ?? alt.SourceId;
            var head = $"**{i + 1}.** ";
            var tail = $"\n— {TextFit.Truncate(source, 200)} (score {alt.Score.ToString("0.00", Inv)})";
            lines.Add(head + TextFit.Truncate(alt.Quote, Math.Max(40, budget - head.Length - tail.Length - 2)) + tail);
            buttons.Add(Btn($"Read {i + 1}", BotAction.ReadAround, alt.PassageId, aliases, emoji: "📖"));
        }
        var embed = new Embed
        {
            Title = TextFit.Truncate("Other matches: " + answer.Question, DiscordLimits.EmbedTitle),
            Description = TextFit.Truncate(string.Join("\n\n", lines), DiscordLimits.EmbedDescription),
            Color = NoAnswerColor,
        };
        return new MessagePayload
        {
            Embeds = [embed],
            Components = [new ActionRow { Components = buttons }],
            AllowedMentions = AllowedMentions.None,
            Flags = MessageFlags.Ephemeral,
        };
    }

    /// <summary>The arguments of <see cref="RenderAnswer"/>'s buttons that can be too long for a custom_id: the passage id.</summary>
    public static IEnumerable<string?> AnswerButtonArguments(Answer answer) => [answer.PassageId];

    /// <summary>The arguments of <see cref="RenderAlternatives"/>' buttons that can be too long for a custom_id: the shown passages' ids.</summary>
    public static IEnumerable<string?> AlternativesButtonArguments(Answer answer) => ShownAlternatives(answer).Select(a => a.PassageId);

    /// <summary>The arguments of <see cref="RenderPassage"/>'s buttons that can be too long for a custom_id: the page's and its neighbours' ids.</summary>
    public static IEnumerable<string?> PassageButtonArguments(PassageView page) => [page.PreviousPassageId, page.NextPassageId, page.PassageId];

    private static List<Alternative> ShownAlternatives(Answer answer) =>
        answer.Alternatives.IsDefaultOrEmpty ? [] : answer.Alternatives.Take(DiscordLimits.ButtonsPerRow).ToList();

    /// <summary>APA, MLA and Chicago citations of a source, each in a copyable block.</summary>
    public static MessagePayload RenderCitations(Citation citation)
    {
        var fields = new List<EmbedField>();
        foreach (var (style, name) in new[] { (CitationStyle.Apa, "APA"), (CitationStyle.Mla, "MLA"), (CitationStyle.Chicago, "Chicago") })
        {
            fields.Add(new EmbedField { Name = name, Value = CodeBlock(citation.Format(style), DiscordLimits.FieldValue) });
        }
        return new MessagePayload
        {
            Embeds =
            [
                new Embed
                {
                    Title = TextFit.Truncate("Cite: " + citation.Title, DiscordLimits.EmbedTitle),
                    Color = AnswerColor,
                    Fields = fields,
                },
            ],
            Components = [],
            AllowedMentions = AllowedMentions.None,
            Flags = MessageFlags.Ephemeral,
        };
    }

    /// <summary>/sources: every source with its citation and link, cut with "… and N more" when too many.</summary>
    public static MessagePayload RenderSources(ImmutableArray<SourceSummary> sources, bool ephemeral = true)
    {
        var list = sources.IsDefaultOrEmpty ? [] : sources.ToList();
        var lines = new List<string>();
        int used = 0;
        int limit = DiscordLimits.EmbedDescription - 40;
        for (int i = 0; i < list.Count; i++)
        {
            var s = list[i];
            var url = s.Citation.Url is { Length: <= 300 } u ? $"\n<{u}>" : "";
            var line = $"**{i + 1}.** {TextFit.Truncate(s.Citation.ToString(), 600)} — {s.PassageCount} passage{(s.PassageCount == 1 ? "" : "s")}{url}";
            if (used + line.Length + 2 > limit)
            {
                lines.Add($"… and {list.Count - i} more.");
                break;
            }
            lines.Add(line);
            used += line.Length + 2;
        }
        var embed = new Embed
        {
            Title = $"Sources ({list.Count})",
            Description = list.Count == 0 ? "No sources are loaded." : string.Join("\n\n", lines),
            Color = AnswerColor,
        };
        return new MessagePayload
        {
            Embeds = [embed],
            Components = [],
            AllowedMentions = AllowedMentions.None,
            Flags = ephemeral ? MessageFlags.Ephemeral : null,
        };
    }

    /// <summary>/about: the versions that identify what answers.</summary>
    public static MessagePayload RenderAbout(EngineInfo info, string botVersion, bool ephemeral = true)
    {
        var embed = new Embed
        {
            Title = "About SourceBot",
            Description = "Answers questions with verbatim quotes from a fixed set of sources, with their footnotes and a citation.",
            Color = AnswerColor,
            Fields =
            [
                Field("Version", $"{info.CodeVersion} (Discord front end {botVersion})", true),
                Field("Sources", $"{info.SourceCount} sources, {info.PassageCount} passages", true),
                Field("Knowledge hash", $"`{info.KnowledgeHash}`", false),
                Field("Model hash", $"`{info.ModelHash}`", false),
            ],
        };
        return new MessagePayload
        {
            Embeds = [embed],
            Components = [],
            AllowedMentions = AllowedMentions.None,
            Flags = ephemeral ? MessageFlags.Ephemeral : null,
        };
    }

    /// <summary>The question field's placeholder: neutral, whatever sources are loaded.</summary>
    public const string QuestionPlaceholder = "Type your question";

    /// <summary>A modal asking for a question, optionally prefilled.</summary>
    public static ModalPayload QuestionModal(string customId, string title, string? prefill) => new()
    {
        CustomId = customId,
        Title = TextFit.Truncate(title, DiscordLimits.ModalTitle),
        Components =
        [
            new LabelComponent
            {
                Label = "Question",
                Description = "Ask in your own words; the answer is quoted from the sources.",
                Component = new TextInput
                {
                    CustomId = CustomIds.QuestionInput,
                    Style = TextInputStyle.Paragraph,
                    MinLength = 2,
                    MaxLength = 1000,
                    Required = true,
                    Value = string.IsNullOrWhiteSpace(prefill) ? null : TextFit.Truncate(prefill, 1000),
                    Placeholder = QuestionPlaceholder,
                },
            },
        ],
    };

    // ---- building blocks ----

    /// <summary>
    /// The quote as the description, the footnotes in as many fields as fit, the source citation with its link, and the footer,
    /// all within the per-field limits and the 6,000-character total.
    /// </summary>
    private static Embed BuildQuoteEmbed(string title, string quote, ImmutableArray<FootnoteRef> footnotes, Citation? citation, string? sourceId, string footer, int color)
    {
        var fields = new List<EmbedField>();
        string sourceText = citation?.ToString() ?? sourceId ?? "Unknown source";
        string? url = citation?.Url;
        string sourceValue = url is { Length: <= 600 } ? TextFit.Truncate(sourceText, DiscordLimits.FieldValue - url.Length - 1) + "\n" + url
                                                        : TextFit.Truncate(sourceText, DiscordLimits.FieldValue);
        var sourceField = Field("Source", sourceValue, false);

        int fixedLength = title.Length + footer.Length + sourceField.Name.Length + sourceField.Value.Length;
        int remaining = DiscordLimits.EmbedTotal - fixedLength;

        var noteLines = footnotes.IsDefaultOrEmpty ? [] : footnotes.Select(f => $"[{f.Number}] {f.Text.Trim()}").ToList();
        int noteReserve = noteLines.Count == 0 ? 0 : Math.Min(noteLines.Sum(l => l.Length + 1) + 64, Math.Max(remaining / 3, 1100));
        var description = TextFit.Truncate(quote, Math.Max(1, Math.Min(DiscordLimits.EmbedDescription, remaining - noteReserve)));
        remaining -= description.Length;

        if (noteLines.Count > 0)
        {
            const string more = "\n… more footnotes: use Read around.";
            const int maxNoteFields = DiscordLimits.Fields - 1; // one field is the source
            var chunks = TextFit.Pack(noteLines, DiscordLimits.FieldValue);
            for (int i = 0; i < chunks.Count; i++)
            {
                var name = i == 0 ? "Footnotes" : "Footnotes (cont.)";
                int room = Math.Min(DiscordLimits.FieldValue, remaining - name.Length);
                bool moreAfter = i < chunks.Count - 1;
                bool lastAllowed = fields.Count == maxNoteFields - 1;
                if (chunks[i].Length <= room && !(moreAfter && lastAllowed))
                {
                    fields.Add(Field(name, chunks[i], false));
                    remaining -= name.Length + chunks[i].Length;
                    continue;
                }
                // Not everything fits: show what does and say that more footnotes are left out.
                int available = room - more.Length;
                if (available >= 40) fields.Add(Field(name, TextFit.Truncate(chunks[i], available) + more, false));
                break;
            }
        }
        fields.Add(sourceField);

        return new Embed
        {
            Title = title,
            Description = description,
            Url = url is { Length: <= 2000 } && Uri.IsWellFormedUriString(url, UriKind.Absolute) ? url : null,
            Color = color,
            Fields = fields,
            Footer = new EmbedFooter { Text = footer },
        };
    }

    private static EmbedField Field(string name, string value, bool inline) => new()
    {
        Name = TextFit.Truncate(name, DiscordLimits.FieldName),
        Value = TextFit.Truncate(string.IsNullOrWhiteSpace(value) ? "—" : value, DiscordLimits.FieldValue),
        Inline = inline,
    };

    private static string CodeBlock(string text, int max)
    {
        const string open = "```\n", close = "\n```";
        return open + TextFit.Truncate(text.Replace("```", "'''", StringComparison.Ordinal), max - open.Length - close.Length) + close;
    }

    private static Button Btn(string? label, BotAction action, string argument, CustomIdAliases aliases, ButtonStyle style = ButtonStyle.Secondary, string? emoji = null,
        bool disabled = false) => new()
    {
        Style = style,
        Label = label is null ? null : TextFit.Truncate(label, DiscordLimits.ButtonLabel),
        Emoji = emoji is null ? null : new PartialEmoji { Name = emoji },
        CustomId = CustomIds.Encode(action, argument, aliases),
        Disabled = disabled ? true : null,
    };

    private static Button DisabledButton(string label, string customId, string emoji) => new()
    {
        Style = ButtonStyle.Secondary,
        Label = label,
        Emoji = new PartialEmoji { Name = emoji },
        CustomId = customId,
        Disabled = true,
    };

    private static Button? LinkButton(string label, string? url) =>
        url is { Length: > 0 and <= DiscordLimits.ButtonUrl } && Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == "https" || u.Scheme == "http")
            ? new Button { Style = ButtonStyle.Link, Label = label, Url = url }
            : null;
}
