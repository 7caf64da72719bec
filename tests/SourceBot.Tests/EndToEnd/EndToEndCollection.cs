namespace SourceBot.Tests.EndToEnd;

/// <summary>
/// The end-to-end tests share one pair of bot processes and run one after another: they share a PostgreSQL server, which one
/// of them restarts, and the machine's cores.
/// </summary>
[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<TwoBotProcesses>
{
    public const string Name = "End to end";
}
