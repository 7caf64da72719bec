namespace SourceBot.Tests.EndToEnd;

/// <summary>
/// INTERACTION_CREATE payloads as Discord sends them. Every interaction's token is <c>token-{id}</c>, so the requests answering
/// it are <c>/interactions/{id}/token-{id}/callback</c> and <c>/webhooks/{application}/token-{id}/messages/@original</c>.
/// </summary>
internal static class InteractionPayloads
{
    public const string ApplicationId = "1000";
    public const string AskingGuild = "g1";
    public const string ModeratingGuild = "900";
    public const string ModeratorRole = "555";

    public static string CallbackPath(string id) => $"/interactions/{id}/token-{id}/callback";

    public static string OriginalPath(string id) => $"/webhooks/{ApplicationId}/token-{id}/messages/@original";

    /// <summary>/ask in its own channel by its own user, so no per-user rate limit or per-channel repeat rule applies across questions.</summary>
    public static object Ask(string id, string question) => new
    {
        id,
        application_id = ApplicationId,
        type = 2,
        token = "token-" + id,
        guild_id = AskingGuild,
        channel_id = "c-" + id,
        member = new { user = new { id = "u-" + id, username = "asker" } },
        data = new { id = "cmd-ask", name = "ask", type = 1, options = new object[] { new { name = "question", type = 3, value = question } } },
    };

    /// <summary>A button press (a message component) with <paramref name="customId"/> on a message in <paramref name="channelId"/>.</summary>
    public static object Press(string id, string customId, string channelId, string userId) => new
    {
        id,
        application_id = ApplicationId,
        type = 3,
        token = "token-" + id,
        guild_id = AskingGuild,
        channel_id = channelId,
        member = new { user = new { id = userId, username = "presser" } },
        message = new { id = "m-" + id, channel_id = channelId },
        data = new { custom_id = customId, component_type = 2 },
    };

    /// <summary>/kb {subcommand} by a moderator in the moderating server.</summary>
    public static object Kb(string id, string subcommand, params (string Name, string Value)[] options) => new
    {
        id,
        application_id = ApplicationId,
        type = 2,
        token = "token-" + id,
        guild_id = ModeratingGuild,
        channel_id = "c-mod",
        member = new { user = new { id = "mod-1", username = "moderator" }, roles = new[] { ModeratorRole }, permissions = "0" },
        data = new
        {
            id = "cmd-kb", name = "kb", type = 1,
            options = new object[] { new { name = subcommand, type = 1, options = options.Select(o => new { name = o.Name, type = 3, value = o.Value }).ToArray() } },
        },
    };
}
