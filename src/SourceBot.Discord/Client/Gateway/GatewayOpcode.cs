namespace SourceBot.Discord.Client.Gateway;

/// <summary>Gateway opcodes ("Opcodes and Status Codes"), only those SourceBot sends or handles.</summary>
internal enum GatewayOpcode
{
    /// <summary>Not an opcode: a frame without a readable <c>op</c>.</summary>
    Unknown = -1,
    Dispatch = 0,
    Heartbeat = 1,
    Identify = 2,
    Resume = 6,
    Reconnect = 7,
    InvalidSession = 9,
    Hello = 10,
    HeartbeatAck = 11,
}
