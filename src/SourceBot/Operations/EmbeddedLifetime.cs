using Microsoft.Extensions.Hosting;

namespace SourceBot.Operations;

/// <summary>
/// The operations endpoint's lifetime inside the bot's process: the bot's host owns Ctrl+C and SIGTERM and stops the endpoint
/// after itself, so /health/ready keeps answering (not ready) while the bot shuts down.
/// </summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
