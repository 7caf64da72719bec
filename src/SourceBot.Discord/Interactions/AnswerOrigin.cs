using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Wire;

namespace SourceBot.Discord.Interactions;

/// <summary>
/// Where an answer was given and to whom. The buttons under an answer carry only its key, and a custom_id can be forged, so a
/// press acts on the answer only when it comes from the same server and channel, and, for a private answer (or an action only
/// its asker may take, such as sharing it), from the asker.
/// </summary>
public sealed record AnswerOrigin(string? GuildId, string ChannelId, string? UserId, bool IsPrivate)
{
    /// <summary>An answer to an interaction, in its channel, for its invoker.</summary>
    public static AnswerOrigin Of(DiscordInteraction interaction, bool isPrivate)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        return new(interaction.GuildId, ChannelOf(interaction) ?? "", interaction.Invoker?.Id, isPrivate);
    }

    /// <summary>A public answer to a message, in its channel.</summary>
    public static AnswerOrigin Of(DiscordMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new(message.GuildId, message.ChannelId ?? "", message.Author?.Id, IsPrivate: false);
    }

    /// <summary>
    /// Whether a button pressed in <paramref name="interaction"/> may act on this answer: same server, same channel, and the
    /// asker when the answer was private or when <paramref name="askerOnly"/>.
    /// </summary>
    public bool Admits(DiscordInteraction interaction, bool askerOnly = false)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        if (interaction.GuildId != GuildId || ChannelId.Length == 0 || ChannelOf(interaction) != ChannelId) return false;
        if (!IsPrivate && !askerOnly) return true;
        return UserId is not null && interaction.Invoker?.Id == UserId;
    }

    /// <summary>The channel an interaction came from (a thread's own id in a thread).</summary>
    public static string? ChannelOf(DiscordInteraction interaction) => interaction.ChannelId ?? interaction.Channel?.Id;
}
