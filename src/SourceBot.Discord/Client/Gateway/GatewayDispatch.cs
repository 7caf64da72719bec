using System.Text.Json;

namespace SourceBot.Discord.Client.Gateway;

/// <summary>A dispatch (op 0) event: its name (<c>t</c>), sequence (<c>s</c>), data (<c>d</c>) and the shard that received it.</summary>
public sealed record GatewayDispatch(string Type, int? Sequence, JsonElement Data, int Shard = 0);
