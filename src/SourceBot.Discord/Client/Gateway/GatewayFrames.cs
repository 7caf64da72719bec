using System.Buffers;
using System.Text.Json;

namespace SourceBot.Discord.Client.Gateway;

/// <summary>Gateway frames as JSON: those SourceBot sends (<c>{"op", "d"}</c>) and the opcode of one received.</summary>
internal static class GatewayFrames
{
    /// <summary>The frame's <c>op</c>, or <see cref="GatewayOpcode.Unknown"/> when it has none; an opcode not named reads as its number.</summary>
    public static GatewayOpcode Opcode(JsonElement frame) =>
        frame.TryGetProperty("op", out var op) && op.TryGetInt32(out var value) ? (GatewayOpcode)value : GatewayOpcode.Unknown;

    public static byte[] Heartbeat(int? sequence) => Write(GatewayOpcode.Heartbeat, w =>
    {
        if (sequence is { } s) w.WriteNumberValue(s);
        else w.WriteNullValue();
    });

    /// <summary>Identify (op 2) for shard <paramref name="shardId"/> of <paramref name="shardCount"/> (<c>"shard": [id, count]</c>).</summary>
    public static byte[] Identify(string token, int intents, int shardId, int shardCount) => Write(GatewayOpcode.Identify, w =>
    {
        w.WriteStartObject();
        w.WriteString("token", token);
        w.WriteNumber("intents", intents);
        w.WriteStartArray("shard");
        w.WriteNumberValue(shardId);
        w.WriteNumberValue(shardCount);
        w.WriteEndArray();
        w.WriteStartObject("properties");
        w.WriteString("os", OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "macos" : "linux");
        w.WriteString("browser", "SourceBot");
        w.WriteString("device", "SourceBot");
        w.WriteEndObject();
        w.WriteEndObject();
    });

    public static byte[] Resume(string token, string sessionId, int? sequence) => Write(GatewayOpcode.Resume, w =>
    {
        w.WriteStartObject();
        w.WriteString("token", token);
        w.WriteString("session_id", sessionId);
        if (sequence is { } s) w.WriteNumber("seq", s);
        else w.WriteNull("seq");
        w.WriteEndObject();
    });

    private static byte[] Write(GatewayOpcode op, Action<Utf8JsonWriter> data)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("op", (int)op);
            w.WritePropertyName("d");
            data(w);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
