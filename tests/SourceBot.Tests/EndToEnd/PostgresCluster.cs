using Npgsql;
using SourceBot.Core.Tests.Storage.Postgres;
using SourceBot.Tests.Shared;

namespace SourceBot.Tests.EndToEnd;

/// <summary>The throwaway cluster `.ci/postgres.sh start` runs, when it is the server the tests use: the restart test restarts it.</summary>
internal static class PostgresCluster
{
    private static string Script => Path.Combine(TestRepository.Root, ".ci", "postgres.sh");
    private static string StateFile => Path.Combine(TestRepository.Root, ".cache", "postgres", "cluster");

    /// <summary>Why the cluster cannot be restarted by the tests, or null when it can.</summary>
    public static string? WhyNotRestartable()
    {
        if (PostgresTestDatabase.ServerConnectionString is not { } server) return PostgresTestDatabase.SkipReason;
        if (!File.Exists(Script) || !File.Exists(StateFile))
            return $"Restarting PostgreSQL needs the cluster of `.ci/postgres.sh start` ({StateFile} is missing)";
        var parts = File.ReadAllText(StateFile).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var port = new NpgsqlConnectionStringBuilder(server).Port;
        return parts.Length == 2 && parts[1] == port.ToString(System.Globalization.CultureInfo.InvariantCulture)
            ? null
            : $"{PostgresTestDatabase.Variable} names port {port}, not the cluster of `.ci/postgres.sh start` ({StateFile}); it is not restarted";
    }

    /// <summary>Runs `.ci/postgres.sh restart` (a fast shutdown, then a start on the same port) and waits for it.</summary>
    public static async Task RestartAsync()
    {
        var start = new System.Diagnostics.ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add("restart");
        using var process = System.Diagnostics.Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException("`.ci/postgres.sh restart` failed: " + await errors);
    }
}

/// <summary>A fact that restarts the test PostgreSQL server: skipped, saying why, when it is not the `.ci/postgres.sh` cluster.</summary>
public sealed class PostgresRestartFactAttribute : FactAttribute
{
    public PostgresRestartFactAttribute()
    {
        if (PostgresCluster.WhyNotRestartable() is { } reason) Skip = reason;
    }
}
