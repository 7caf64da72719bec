using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SourceBot.Core.Tests.Moderation;

/// <summary>Keeps every log entry with its level, message and structured fields, so tests can check what was said and with which values.</summary>
public sealed class RecordingLogger<T> : ILogger<T>
{
    public sealed record Entry(LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Fields);

    public ConcurrentQueue<Entry> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var fields = state is IEnumerable<KeyValuePair<string, object?>> pairs ? pairs.ToDictionary(p => p.Key, p => p.Value) : [];
        Entries.Enqueue(new Entry(logLevel, formatter(state, exception), fields));
    }
}
