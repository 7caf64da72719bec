namespace SourceBot.Discord.Bot;

/// <summary>What a button or modal asks for, decoded from its custom_id.</summary>
public enum BotAction
{
    Unknown,
    /// <summary>"Read around" on an answer: open the answer's passage as a new private page. Argument: passage id.</summary>
    ReadAround,
    /// <summary>Prev / Next on a page: replace the page. Argument: passage id.</summary>
    Page,
    /// <summary>The runner-up passages of an answer. Argument: answer key.</summary>
    OtherMatches,
    /// <summary>APA, MLA and Chicago citations. Argument: passage id.</summary>
    Cite,
    VoteUp,
    VoteDown,
    /// <summary>Post a private answer to the channel. Argument: answer key.</summary>
    Share,
    /// <summary>Open a modal to ask again in other words. Argument: answer key.</summary>
    Rephrase,
    /// <summary>Modal submit of a rephrased question. Argument: "e" (answer privately) or "p".</summary>
    RephraseSubmit,
    /// <summary>Modal submit of a question about a message. Argument: "channelId/messageId".</summary>
    MessageQuestionSubmit,
    /// <summary>Moderators: show the candidate passages to teach for an answer's question. Argument: answer key.</summary>
    Teach,
    /// <summary>Moderators: teach a question with a chosen passage. Argument: "passageId|question" ("|question" for not covered).</summary>
    TeachPick,
    /// <summary>Moderators: modal submit of a passage edit. Argument: passage id.</summary>
    EditSubmit,
}

/// <summary>
/// Encodes actions and their argument into custom_ids of at most 100 characters: "sb:ra:003#p4". An argument that would not fit
/// (a very long passage id) is replaced by an alias kept in <see cref="RecentAnswers"/> ("sb:ra:~Ab3x9QzK").
/// </summary>
public static class CustomIds
{
    public const string Prefix = "sb:";
    public const string QuestionInput = "q";
    private const char AliasMark = '~';

    private static readonly (BotAction Action, string Code)[] Codes =
    [
        (BotAction.ReadAround, "ra"), (BotAction.Page, "pg"), (BotAction.OtherMatches, "om"), (BotAction.Cite, "ct"),
        (BotAction.VoteUp, "up"), (BotAction.VoteDown, "dn"), (BotAction.Share, "sh"), (BotAction.Rephrase, "rq"),
        (BotAction.RephraseSubmit, "mq"), (BotAction.MessageQuestionSubmit, "mm"), (BotAction.Teach, "tc"), (BotAction.TeachPick, "tp"),
        (BotAction.EditSubmit, "ke"),
    ];

    public static string Encode(BotAction action, string argument, RecentAnswers aliases)
    {
        var code = Codes.First(c => c.Action == action).Code;
        var id = $"{Prefix}{code}:{argument}";
        if (id.Length <= Rendering.DiscordLimits.CustomId && (argument.Length == 0 || argument[0] != AliasMark)) return id;
        return $"{Prefix}{code}:{AliasMark}{aliases.AddAlias(argument)}";
    }

    /// <summary>Decodes a custom_id; the argument is null when an alias has expired.</summary>
    public static (BotAction Action, string? Argument) Decode(string? customId, RecentAnswers aliases)
    {
        if (customId is null || !customId.StartsWith(Prefix, StringComparison.Ordinal) || customId.Length < Prefix.Length + 3 || customId[Prefix.Length + 2] != ':')
            return (BotAction.Unknown, null);
        var code = customId.Substring(Prefix.Length, 2);
        var action = Codes.FirstOrDefault(c => c.Code == code).Action;
        if (action == BotAction.Unknown) return (BotAction.Unknown, null);
        var argument = customId[(Prefix.Length + 3)..];
        if (argument.Length > 0 && argument[0] == AliasMark) return (action, aliases.TryGetAlias(argument[1..]));
        return (action, argument);
    }
}
