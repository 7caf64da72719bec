using System.Text.Json;

namespace SourceBot.Discord.Client.Gateway;

/// <summary>A dispatch (op 0) event: its name (<c>t</c>), sequence (<c>s</c>) and data (<c>d</c>).</summary>
public sealed record GatewayDispatch(string Type, int? Sequence, JsonElement Data);
