namespace SourceBot.Discord.Client.Gateway;

/// <summary>Gateway close codes ("Opcodes and Status Codes"), and the WebSocket codes SourceBot reads or sends beside them.</summary>
public enum GatewayCloseCode
{
    /// <summary>WebSocket: a clean close (SourceBot stopping).</summary>
    NormalClosure = 1000,

    /// <summary>WebSocket: the connection dropped without a close frame.</summary>
    AbnormalClosure = 1006,

    /// <summary>Sent by SourceBot to close a connection it means to resume (any code but 1000 and 1001 keeps the session).</summary>
    UnknownError = 4000,
    UnknownOpcode = 4001,
    DecodeError = 4002,
    NotAuthenticated = 4003,
    AuthenticationFailed = 4004,
    AlreadyAuthenticated = 4005,
    InvalidSequence = 4007,
    RateLimited = 4008,
    SessionTimedOut = 4009,
    InvalidShard = 4010,
    ShardingRequired = 4011,
    InvalidApiVersion = 4012,
    InvalidIntents = 4013,
    DisallowedIntents = 4014,
}
