using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SourceBot.Discord.Tests.Support;

/// <summary>Keeps every log line (message, structured values and exception) so tests can check that no secret is logged.</summary>
public sealed class ListLogger : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public ILogger<T> For<T>() => new Logger<T>(new Factory(this));

    public string All => string.Join("\n", Lines);

    public void Dispose() { }

    private sealed class Factory(ListLogger provider) : ILoggerFactory
    {
        public void AddProvider(ILoggerProvider p) { }
        public ILogger CreateLogger(string categoryName) => provider.CreateLogger(categoryName);
        public void Dispose() { }
    }

    private sealed class Logger(ListLogger provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> kv ? string.Join(", ", kv.Select(p => $"{p.Key}={p.Value}")) : "";
            provider.Lines.Enqueue($"{logLevel}: {formatter(state, exception)} [{values}] {exception}");
        }
    }
}
