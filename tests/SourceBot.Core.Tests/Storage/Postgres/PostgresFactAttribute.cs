namespace SourceBot.Core.Tests.Storage.Postgres;

/// <summary>A fact that needs a PostgreSQL server: skipped, saying how to get one, when <see cref="PostgresTestDatabase.Variable"/> is unset.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresTestDatabase.ServerConnectionString is null) Skip = PostgresTestDatabase.SkipReason;
    }
}
