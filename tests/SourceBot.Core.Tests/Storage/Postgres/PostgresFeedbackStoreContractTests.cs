using SourceBot.Core.Feedback;
using SourceBot.Core.Storage.Postgres;

namespace SourceBot.Core.Tests.Storage.Postgres;

/// <summary>The feedback store contract on PostgreSQL.</summary>
[UsesPostgres]
public sealed class PostgresFeedbackStoreContractTests(PostgresTestDatabase database) : FeedbackStoreContract, IClassFixture<PostgresTestDatabase>
{
    protected override IFeedbackStore CreateStore(string libraryId) => new PostgresFeedbackStore(database.Database, libraryId, Time);
}
