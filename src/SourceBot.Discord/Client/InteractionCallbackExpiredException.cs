namespace SourceBot.Discord.Client;

/// <summary>
/// An interaction callback that could not be sent within Discord's 3-second window: the last attempt failed (a timeout, a 5xx,
/// a network error or a 429) and a retry would come too late, when Discord answers only 10062 Unknown interaction. Nothing can
/// be sent for that interaction any more. Never carries the interaction token.
/// </summary>
public sealed class InteractionCallbackExpiredException : TimeoutException
{
    public InteractionCallbackExpiredException(string interactionId, TimeSpan age, Exception? lastFailure)
        : base($"Gave up on the callback for interaction {interactionId}: it was created {age.TotalMilliseconds:0} ms ago and a retry would miss Discord's 3-second window " +
               $"(it would only get 10062 Unknown interaction). Last failure: {lastFailure?.Message ?? "none"}", lastFailure)
    {
        InteractionId = interactionId;
        Age = age;
    }

    public string InteractionId { get; }

    /// <summary>How long before giving up the interaction was created, by its snowflake id and the local clock.</summary>
    public TimeSpan Age { get; }
}
