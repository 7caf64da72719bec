namespace SourceBot.Core.Storage.Postgres;

/// <summary>
/// PostgreSQL keeps timestamps to the microsecond, .NET to 100 ns: a store cuts its clock's time to the microsecond before
/// writing, so what it returns at once equals what it reads back later.
/// </summary>
internal static class PostgresTimestamps
{
    public static DateTimeOffset ToStored(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % (TimeSpan.TicksPerMillisecond / 1000), TimeSpan.Zero);
    }
}
