using SourceBot.Discord.Client;

namespace SourceBot.Discord.Tests.Client;

/// <summary>The examples that build the events' JSON contracts at start still read as the wire types they stand for.</summary>
public sealed class EventContractsTests
{
    [Fact]
    public void The_interaction_and_message_examples_read_without_error()
    {
        // A failure at start is only logged at debug level: this is where a wire type change that breaks an example shows.
        Assert.Null(Record.Exception(EventContracts.Build));
    }
}
