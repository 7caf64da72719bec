using System.Text.Json;
using Microsoft.Extensions.Logging;
using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Wire;

namespace SourceBot.Discord.Interactions;

/// <summary>The answer lookup, form and option readers that the answers' and the moderators' handlers share.</summary>
internal static class InteractionReplies
{
    public const string ExpiredText = "This answer has expired, ask again.";
    public const string NotYoursText = "That button belongs to an answer given in another channel or to someone else; ask your own question here.";

    /// <summary>
    /// The answer a button's key names, when it is still cached and was given where the button was pressed (and to the presser,
    /// when the answer was private or <paramref name="askerOnly"/>); otherwise the presser is told privately that it expired or
    /// is not theirs, and the result is null. A key from a custom_id selects nothing without this check. With
    /// <paramref name="whileReading"/>, the interaction is acknowledged that way first when the lookup does not finish at once.
    /// </summary>
    public static async Task<RecentAnswer?> FindAnswerAsync(InteractionContext context, RecentAnswers recent, string? key, bool askerOnly, ILogger logger,
        CancellationToken ct, Acknowledgement? whileReading = null)
    {
        var interaction = context.Interaction;
        var reading = recent.FindAsync(key, ct);
        if (await (whileReading is { } acknowledgement ? context.DeferWhilePendingAsync(reading, acknowledgement, ct) : reading).ConfigureAwait(false) is not { } found)
        {
            await context.RespondAsync(Rendering.AnswerRenderer.Note(ExpiredText, ephemeral: true), ct).ConfigureAwait(false);
            return null;
        }
        if (!found.Origin.Admits(interaction, askerOnly))
        {
            logger.LogWarning("Refused a button for answer {AnswerKey} of channel {AnswerChannelId} pressed by user {UserId} in channel {ChannelId} of server {GuildId}",
                found.Key, found.Origin.ChannelId, interaction.Invoker?.Id, AnswerOrigin.ChannelOf(interaction), interaction.GuildId);
            await context.RespondAsync(Rendering.AnswerRenderer.Note(NotYoursText, ephemeral: true), ct).ConfigureAwait(false);
            return null;
        }
        return found;
    }

    /// <summary>Whether the button was pressed on a private (ephemeral) message, the only kind a button may replace in place.</summary>
    public static bool IsOnPrivateMessage(DiscordInteraction interaction) => ((interaction.Message?.Flags ?? 0) & MessageFlags.Ephemeral) != 0;

    /// <summary>The value a form's input <paramref name="customId"/> was submitted with, wherever it sits in the form's components.</summary>
    public static string? SubmittedValue(IReadOnlyList<SubmittedComponent>? components, string customId)
    {
        foreach (var c in components ?? [])
        {
            if (c.CustomId == customId && c.Value is not null) return c.Value;
            if (c.Component is { } inner && inner.CustomId == customId) return inner.Value;
            if (SubmittedValue(c.Components, customId) is { } nested) return nested;
        }
        return null;
    }

    public static string? StringOption(IReadOnlyList<InteractionOption>? options, string name) =>
        options?.FirstOrDefault(o => o.Name == name)?.Value is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;

    public static long? IntegerOption(IReadOnlyList<InteractionOption>? options, string name) =>
        options?.FirstOrDefault(o => o.Name == name)?.Value is { ValueKind: JsonValueKind.Number } v && v.TryGetInt64(out var n) ? n : null;

    public static bool? BoolOption(IReadOnlyList<InteractionOption>? options, string name) =>
        options?.FirstOrDefault(o => o.Name == name)?.Value is { } v && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;
}
