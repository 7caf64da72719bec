using Microsoft.Extensions.Diagnostics.HealthChecks;
using SourceBot.Discord.Client.Gateway;

namespace SourceBot.Operations;

/// <summary>
/// Ready to answer: the default library's engine is loaded and every gateway shard this process runs is ready (connected and
/// receiving events). Otherwise unhealthy, saying what is missing: the engine still loading, the shard count not known yet, or
/// the shards not ready with their states.
/// </summary>
internal sealed class ReadinessCheck(IShardStatus shards, Task engineLoaded) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var problems = new List<string>();
        if (engineLoaded.IsFaulted) problems.Add("the default library's engine failed to load");
        else if (!engineLoaded.IsCompletedSuccessfully) problems.Add("the default library's engine is loading");
        // One snapshot for the verdict and the description: equal to IShardStatus.AllReady, and the two cannot disagree.
        var snapshot = shards.Shards;
        var notReady = snapshot.Where(s => !s.IsReady).ToList();
        if (snapshot.IsEmpty) problems.Add("the gateway shards are not known yet");
        else if (notReady.Count > 0)
            problems.Add((notReady.Count == 1 ? "shard " : "shards ") + string.Join(", ", notReady.Select(s => $"{s.ShardId} ({s.State})")) + " not ready");
        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy($"engine loaded; {snapshot.Length} of {snapshot.Length} shards ready")
            : HealthCheckResult.Unhealthy(string.Join("; ", problems)));
    }
}
