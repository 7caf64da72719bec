namespace SourceBot.Discord.Client.Gateway;

/// <summary>The gateway sent something this client cannot follow.</summary>
public sealed class GatewayProtocolException(string message) : Exception(message);
