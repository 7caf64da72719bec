using Microsoft.Extensions.Logging;

namespace SourceBot.Operations;

/// <summary>
/// Hands the operations endpoint's loggers to the bot's logger factory, so its lines go where the bot's go (stderr), after
/// the endpoint's own filters.
/// </summary>
internal sealed class ForwardingLoggerProvider(ILoggerFactory target) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => target.CreateLogger(categoryName);

    // The bot's host owns the factory.
    public void Dispose()
    {
    }
}
