using SourceBot.Core.Libraries;
using SourceBot.Core.Storage.Postgres;

namespace SourceBot.Core.Tests.Storage.Postgres;

/// <summary>The library catalog contract on PostgreSQL.</summary>
[UsesPostgres]
public sealed class PostgresLibraryCatalogContractTests(PostgresTestDatabase database) : LibraryCatalogContract, IClassFixture<PostgresTestDatabase>
{
    protected override ILibraryCatalog Catalog => new PostgresLibraryCatalog(database.Database, Time);
}
