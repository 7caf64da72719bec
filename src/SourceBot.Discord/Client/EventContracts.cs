using System.Text.Json;
using SourceBot.Discord.Client.Wire;

namespace SourceBot.Discord.Client;

/// <summary>
/// Builds the JSON contracts of the events the bot reads (an interaction with its command data, member and message; a message)
/// by reading one small example of each. System.Text.Json builds a type's contract on its first use; done while the gateway
/// connects, that cost is not taken out of the first interaction's 3 seconds, with every interaction read meanwhile queued
/// behind it (about 0.65 s on a loaded 2-core machine, traced in the burst benchmark).
/// </summary>
internal static class EventContracts
{
    private const string Interaction = """
        {"id":"0","application_id":"0","type":2,"token":"0","guild_id":"0","channel_id":"0",
         "channel":{"id":"0","type":11,"parent_id":"0"},
         "member":{"user":{"id":"0","username":""},"roles":["0"],"permissions":"0"},
         "data":{"id":"0","name":"","type":1,"custom_id":"","component_type":2,"target_id":"0",
                 "options":[{"name":"","type":3,"value":"","options":[]}],
                 "components":[{"type":18,"component":{"type":4,"custom_id":"","value":""}}],
                 "resolved":{"messages":{"0":{"id":"0","channel_id":"0","content":"","author":{"id":"0"}}},
                             "attachments":{"0":{"id":"0","filename":"","size":0,"url":""}}}},
         "message":{"id":"0","channel_id":"0","flags":64}}
        """;

    private const string Message = """
        {"id":"0","channel_id":"0","guild_id":"0","content":"","author":{"id":"0","username":"","bot":false},
         "mentions":[{"id":"0"}],"message_reference":{"message_id":"0","channel_id":"0"},
         "referenced_message":{"id":"0","channel_id":"0","content":""}}
        """;

    /// <summary>Reads the examples; any failure only means the first real event builds what is missing.</summary>
    public static void Build()
    {
        using var interaction = JsonDocument.Parse(Interaction);
        DiscordJson.Deserialize<DiscordInteraction>(interaction.RootElement);
        using var message = JsonDocument.Parse(Message);
        DiscordJson.Deserialize<DiscordMessage>(message.RootElement);
    }
}
