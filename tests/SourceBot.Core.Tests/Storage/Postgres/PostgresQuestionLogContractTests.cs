using SourceBot.Core.QuestionLog;
using SourceBot.Core.Storage.Postgres;

namespace SourceBot.Core.Tests.Storage.Postgres;

/// <summary>The question log contract on PostgreSQL.</summary>
[UsesPostgres]
public sealed class PostgresQuestionLogContractTests(PostgresTestDatabase database) : QuestionLogContract, IClassFixture<PostgresTestDatabase>
{
    protected override IQuestionLog CreateLog(string libraryId) => new PostgresQuestionLog(database.Database, libraryId, Time);
}
