namespace SourceBot.Operations;

/// <summary>The operations endpoint could not start (its address is taken or not this machine's); the message says which.</summary>
public sealed class OperationsEndpointException(string message, Exception inner) : Exception(message, inner);
