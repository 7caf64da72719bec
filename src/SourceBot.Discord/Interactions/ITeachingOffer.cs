using SourceBot.Discord.Client.Wire;

namespace SourceBot.Discord.Interactions;

/// <summary>
/// What moderators are offered under an answer they could teach: implemented by the moderation feature, asked by the answers'
/// handler after a 👎 and after a no-answer, so neither feature calls into the other.
/// </summary>
public interface ITeachingOffer
{
    /// <summary>The "Teach" row for the answer <paramref name="answerKey"/> when the presser may teach; null for everyone else.</summary>
    ActionRow? OfferFor(DiscordInteraction interaction, string answerKey);
}
