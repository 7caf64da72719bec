namespace SourceBot.Discord.Interactions;

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

    /// <summary>Encodes an action and its argument, registering an alias in <paramref name="aliases"/> when the argument needs one.</summary>
    public static async Task<string> EncodeAsync(BotAction action, string argument, RecentAnswers aliases, CancellationToken cancellationToken = default) =>
        NeedsAlias(argument) ? Aliased(action, await aliases.AddAliasAsync(argument, cancellationToken).ConfigureAwait(false)) : Plain(action, argument);

    /// <summary>
    /// Encodes an action and its argument with an alias already registered in <paramref name="aliases"/> when the argument needs
    /// one; registers nothing.
    /// </summary>
    /// <exception cref="ArgumentException">The argument needs an alias and none was registered for it.</exception>
    public static string Encode(BotAction action, string argument, CustomIdAliases aliases)
    {
        if (!NeedsAlias(argument)) return Plain(action, argument);
        if (aliases.TryGetKey(argument, out var key)) return Aliased(action, key);
        throw new ArgumentException($"The {action} argument does not fit a custom_id and no alias was registered for it.", nameof(argument));
    }

    /// <summary>Whether the argument must travel as an alias: the custom_id would be too long, or the argument looks like an alias.</summary>
    public static bool NeedsAlias(string argument) =>
        Prefix.Length + 3 + argument.Length > Rendering.DiscordLimits.CustomId || (argument.Length > 0 && argument[0] == AliasMark);

    private static string Plain(BotAction action, string argument) => $"{Prefix}{CodeOf(action)}:{argument}";

    private static string Aliased(BotAction action, string key) => $"{Prefix}{CodeOf(action)}:{AliasMark}{key}";

    private static string CodeOf(BotAction action) => Codes.First(c => c.Action == action).Code;

    /// <summary>Decodes a custom_id; the argument is null when an alias has expired.</summary>
    public static async Task<(BotAction Action, string? Argument)> DecodeAsync(string? customId, RecentAnswers aliases, CancellationToken cancellationToken = default)
    {
        if (customId is null || !customId.StartsWith(Prefix, StringComparison.Ordinal) || customId.Length < Prefix.Length + 3 || customId[Prefix.Length + 2] != ':')
            return (BotAction.Unknown, null);
        var code = customId.Substring(Prefix.Length, 2);
        var action = Codes.FirstOrDefault(c => c.Code == code).Action;
        if (action == BotAction.Unknown) return (BotAction.Unknown, null);
        var argument = customId[(Prefix.Length + 3)..];
        if (argument.Length > 0 && argument[0] == AliasMark) return (action, await aliases.FindAliasAsync(argument[1..], cancellationToken).ConfigureAwait(false));
        return (action, argument);
    }
}
