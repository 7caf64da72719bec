using System.Text.Json;
using System.Text.Json.Serialization;

namespace SourceBot.Discord.Client;

// Shapes from Discord's API v10 documentation (discord/discord-api-docs): only the fields SourceBot reads or writes.
// Snowflakes stay strings, as Discord sends them.

public sealed record DiscordUser
{
    public required string Id { get; init; }
    public string? Username { get; init; }
    public string? GlobalName { get; init; }
    public bool? Bot { get; init; }
}

public sealed record DiscordMember
{
    public DiscordUser? User { get; init; }

    /// <summary>The member's role ids (sent with interactions and guild messages).</summary>
    public IReadOnlyList<string>? Roles { get; init; }

    /// <summary>In an interaction: the member's total permissions in the channel, overwrites included, as a decimal bitfield string.</summary>
    public string? Permissions { get; init; }
}

/// <summary>Permission bits (Discord's "Permissions" page).</summary>
public static class PermissionBits
{
    public const ulong Administrator = 1UL << 3;
    public const ulong ManageGuild = 1UL << 5;
}

/// <summary>An attachment as resolved in an interaction (an ATTACHMENT option's value is its id).</summary>
public sealed record DiscordAttachment
{
    public required string Id { get; init; }
    public string? Filename { get; init; }
    public long Size { get; init; }
    public string? Url { get; init; }
    public string? ProxyUrl { get; init; }
    public string? ContentType { get; init; }
}

public sealed record MessageReference
{
    public int? Type { get; init; }
    public string? MessageId { get; init; }
    public string? ChannelId { get; init; }
    public string? GuildId { get; init; }
    public bool? FailIfNotExists { get; init; }
}

/// <summary>A message as received (MESSAGE_CREATE, referenced_message, resolved messages).</summary>
public sealed record DiscordMessage
{
    public required string Id { get; init; }
    public string? ChannelId { get; init; }
    public string? GuildId { get; init; }
    public DiscordUser? Author { get; init; }
    public string? Content { get; init; }
    public IReadOnlyList<DiscordUser>? Mentions { get; init; }
    public MessageReference? MessageReference { get; init; }
    public DiscordMessage? ReferencedMessage { get; init; }
    public string? WebhookId { get; init; }
    public int? Type { get; init; }
    public int? Flags { get; init; }
}

/// <summary>Channel types (Discord's "Channel Types"), only those SourceBot tells apart.</summary>
public static class ChannelType
{
    public const int AnnouncementThread = 10;
    public const int PublicThread = 11;
    public const int PrivateThread = 12;

    /// <summary>ANNOUNCEMENT_THREAD, PUBLIC_THREAD (also a forum or media post) or PRIVATE_THREAD.</summary>
    public static bool IsThread(int? type) => type is AnnouncementThread or PublicThread or PrivateThread;
}

/// <summary>
/// A channel as received: the partial channel of an interaction, or a thread in GUILD_CREATE's <c>threads</c>, THREAD_CREATE,
/// THREAD_UPDATE, THREAD_DELETE and THREAD_LIST_SYNC. For a thread, <see cref="ParentId"/> is the text, announcement, forum or
/// media channel it was created in; for another guild channel it is its category.
/// </summary>
public sealed record DiscordChannel
{
    public required string Id { get; init; }
    public int? Type { get; init; }
    public string? GuildId { get; init; }
    public string? ParentId { get; init; }
}

/// <summary>The GUILD_CREATE dispatch: what SourceBot keeps from it (an unavailable guild has no threads).</summary>
public sealed record GuildCreateEvent
{
    public required string Id { get; init; }
    public bool? Unavailable { get; init; }
    /// <summary>All active threads in the guild that the bot may view.</summary>
    public IReadOnlyList<DiscordChannel>? Threads { get; init; }
}

/// <summary>The THREAD_LIST_SYNC dispatch, sent when the bot gains access to channels.</summary>
public sealed record ThreadListSyncEvent
{
    public required string GuildId { get; init; }
    /// <summary>The parent channels whose threads are synced; null for the whole guild.</summary>
    public IReadOnlyList<string>? ChannelIds { get; init; }
    public IReadOnlyList<DiscordChannel>? Threads { get; init; }
}

public static class InteractionType
{
    public const int Ping = 1;
    public const int ApplicationCommand = 2;
    public const int MessageComponent = 3;
    public const int Autocomplete = 4;
    public const int ModalSubmit = 5;
}

public static class ApplicationCommandType
{
    public const int ChatInput = 1;
    public const int User = 2;
    public const int Message = 3;
}

public static class InteractionCallbackType
{
    public const int Pong = 1;
    public const int ChannelMessageWithSource = 4;
    public const int DeferredChannelMessageWithSource = 5;
    public const int DeferredUpdateMessage = 6;
    public const int UpdateMessage = 7;
    public const int Modal = 9;
}

public static class MessageFlags
{
    public const int Ephemeral = 1 << 6;
}

public static class ComponentType
{
    public const int ActionRow = 1;
    public const int Button = 2;
    public const int TextInput = 4;
    public const int Label = 18;
}

public static class ButtonStyle
{
    public const int Primary = 1;
    public const int Secondary = 2;
    public const int Success = 3;
    public const int Danger = 4;
    public const int Link = 5;
}

public sealed record InteractionOption
{
    public required string Name { get; init; }
    public int Type { get; init; }
    public JsonElement? Value { get; init; }
    public IReadOnlyList<InteractionOption>? Options { get; init; }
}

public sealed record ResolvedData
{
    public IReadOnlyDictionary<string, DiscordMessage>? Messages { get; init; }
    public IReadOnlyDictionary<string, DiscordAttachment>? Attachments { get; init; }
}

/// <summary>A component as submitted with a modal (a label wrapping a text input, or the legacy action row of text inputs).</summary>
public sealed record SubmittedComponent
{
    public int Type { get; init; }
    public string? CustomId { get; init; }
    public string? Value { get; init; }
    public SubmittedComponent? Component { get; init; }
    public IReadOnlyList<SubmittedComponent>? Components { get; init; }
}

/// <summary>The union of the application command, message component and modal submit data structures.</summary>
public sealed record InteractionData
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public int? Type { get; init; }
    public IReadOnlyList<InteractionOption>? Options { get; init; }
    public string? TargetId { get; init; }
    public ResolvedData? Resolved { get; init; }
    public string? CustomId { get; init; }
    public int? ComponentType { get; init; }
    public IReadOnlyList<SubmittedComponent>? Components { get; init; }
}

public sealed record DiscordInteraction
{
    public required string Id { get; init; }
    public string? ApplicationId { get; init; }
    public int Type { get; init; }
    public InteractionData? Data { get; init; }
    public string? GuildId { get; init; }
    public string? ChannelId { get; init; }
    /// <summary>The channel it was sent from (partial: id, type, parent_id, guild_id, …), so a thread's parent is known.</summary>
    public DiscordChannel? Channel { get; init; }
    public DiscordMember? Member { get; init; }
    public DiscordUser? User { get; init; }
    public required string Token { get; init; }
    public DiscordMessage? Message { get; init; }

    /// <summary>The invoking user: <c>member.user</c> in a guild, <c>user</c> in a DM.</summary>
    [JsonIgnore]
    public DiscordUser? Invoker => Member?.User ?? User;
}

// ---- Outgoing ----

public sealed record AllowedMentions
{
    /// <summary>Which mention types to parse from content; empty means none ping.</summary>
    public IReadOnlyList<string> Parse { get; init; } = [];
    public bool? RepliedUser { get; init; }

    /// <summary>Nobody is pinged: not @everyone, not a role, not a user, not the author of a replied-to message.</summary>
    public static AllowedMentions None { get; } = new() { Parse = [], RepliedUser = false };
}

public sealed record EmbedFooter
{
    public required string Text { get; init; }
}

public sealed record EmbedAuthor
{
    public required string Name { get; init; }
    public string? Url { get; init; }
}

public sealed record EmbedField
{
    public required string Name { get; init; }
    public required string Value { get; init; }
    public bool? Inline { get; init; }
}

public sealed record Embed
{
    public string? Title { get; init; }
    public string? Description { get; init; }
    public string? Url { get; init; }
    public int? Color { get; init; }
    public EmbedAuthor? Author { get; init; }
    public EmbedFooter? Footer { get; init; }
    public IReadOnlyList<EmbedField>? Fields { get; init; }
}

public sealed record PartialEmoji
{
    public required string Name { get; init; }
}

public sealed record Button
{
    public int Type { get; init; } = ComponentType.Button;
    public int Style { get; init; } = ButtonStyle.Secondary;
    public string? Label { get; init; }
    public PartialEmoji? Emoji { get; init; }
    public string? CustomId { get; init; }
    public string? Url { get; init; }
    public bool? Disabled { get; init; }
}

public sealed record ActionRow
{
    public int Type { get; init; } = ComponentType.ActionRow;
    public required IReadOnlyList<Button> Components { get; init; }
}

/// <summary>A file sent with a message (multipart/form-data part "files[n]").</summary>
public sealed record FileUpload(string FileName, byte[] Content, string ContentType = "text/plain; charset=utf-8");

/// <summary>An attachment of a message being sent: <see cref="Id"/> is the index n of its "files[n]" part.</summary>
public sealed record PartialAttachment
{
    public required int Id { get; init; }
    public required string Filename { get; init; }
}

/// <summary>The body of create message, edit/follow-up webhook messages and interaction callback messages.</summary>
public sealed record MessagePayload
{
    public string? Content { get; init; }
    /// <summary>The files of a multipart request, by index; also replaces the message's earlier attachments when editing.</summary>
    public IReadOnlyList<PartialAttachment>? Attachments { get; init; }
    public IReadOnlyList<Embed>? Embeds { get; init; }
    public IReadOnlyList<ActionRow>? Components { get; init; }
    public AllowedMentions? AllowedMentions { get; init; }
    public MessageReference? MessageReference { get; init; }
    public int? Flags { get; init; }

    /// <summary>
    /// Create message only (up to 25 characters): with <see cref="EnforceNonce"/>, Discord creates no second message for a
    /// repeated send with the same nonce within a few minutes and returns the first. <see cref="DiscordRestClient"/> sets both.
    /// </summary>
    public string? Nonce { get; init; }
    public bool? EnforceNonce { get; init; }
}

public sealed record TextInput
{
    public int Type { get; init; } = ComponentType.TextInput;
    public required string CustomId { get; init; }
    /// <summary>1 short, 2 paragraph.</summary>
    public int Style { get; init; } = 1;
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }
    public bool? Required { get; init; }
    public string? Value { get; init; }
    public string? Placeholder { get; init; }
}

public sealed record LabelComponent
{
    public int Type { get; init; } = ComponentType.Label;
    public required string Label { get; init; }
    public string? Description { get; init; }
    public required TextInput Component { get; init; }
}

public sealed record ModalPayload
{
    public required string CustomId { get; init; }
    public required string Title { get; init; }
    public required IReadOnlyList<LabelComponent> Components { get; init; }
}

/// <summary>An interaction response; <see cref="Data"/> is a <see cref="MessagePayload"/>, a <see cref="ModalPayload"/> or null.</summary>
public sealed record InteractionResponse
{
    public required int Type { get; init; }
    public object? Data { get; init; }
}

public static class OptionType
{
    public const int SubCommand = 1;
    public const int String = 3;
    public const int Integer = 4;
    public const int Boolean = 5;
    public const int Attachment = 11;
}

public sealed record ApplicationCommandOption
{
    /// <summary>See <see cref="OptionType"/>: 1 SUB_COMMAND, 3 STRING, 4 INTEGER, 5 BOOLEAN, 11 ATTACHMENT.</summary>
    public required int Type { get; init; }
    public required string Name { get; init; }
    public required string Description { get; init; }
    public bool? Required { get; init; }
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }
    public int? MinValue { get; init; }
    /// <summary>The options of a subcommand.</summary>
    public IReadOnlyList<ApplicationCommandOption>? Options { get; init; }
}

public sealed record ApplicationCommand
{
    public required string Name { get; init; }
    public int Type { get; init; } = ApplicationCommandType.ChatInput;
    /// <summary>Null for MESSAGE commands (the field is not allowed there).</summary>
    public string? Description { get; init; }
    public IReadOnlyList<ApplicationCommandOption>? Options { get; init; }
    public IReadOnlyList<int>? Contexts { get; init; }
    public IReadOnlyList<int>? IntegrationTypes { get; init; }

    /// <summary>Who sees the command by default, as a decimal permission bitfield string; server admins can widen it per role.</summary>
    public string? DefaultMemberPermissions { get; init; }
}

public sealed record RegisteredCommand
{
    public string? Id { get; init; }
    public required string Name { get; init; }
    public int Type { get; init; }
}

public sealed record SessionStartLimit
{
    public int Total { get; init; }
    public int Remaining { get; init; }
    public long ResetAfter { get; init; }
    public int MaxConcurrency { get; init; } = 1;
}

public sealed record GatewayBotInfo
{
    public required string Url { get; init; }
    public int Shards { get; init; } = 1;
    public SessionStartLimit? SessionStartLimit { get; init; }
}

public sealed record DiscordApplication
{
    public required string Id { get; init; }
    public string? Name { get; init; }
}

/// <summary>The READY dispatch: what SourceBot keeps from it.</summary>
public sealed record ReadyEvent
{
    public int V { get; init; }
    public required DiscordUser User { get; init; }
    public required string SessionId { get; init; }
    public string? ResumeGatewayUrl { get; init; }
    public DiscordApplication? Application { get; init; }
}
