using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace SourceBot.Discord.Tests.Support;

/// <summary>
/// Fake time that also reports each timer created on it: a test waits for the timer of the wait it expects (the code under test
/// is then parked on it) instead of sleeping, and only then asserts that nothing has happened yet.
/// </summary>
public sealed class TimerWatchingTimeProvider : FakeTimeProvider
{
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

    public TimerWatchingTimeProvider()
    {
    }

    public TimerWatchingTimeProvider(DateTimeOffset startDateTime)
        : base(startDateTime)
    {
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _timers.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>Waits until a timer due <paramref name="dueTime"/> after its creation has been created (bounded by real time only as a safety net).</summary>
    public async Task WaitForTimerAsync(TimeSpan dueTime, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (await _timers.Reader.ReadAsync(cts.Token).ConfigureAwait(false) != dueTime)
        {
        }
    }
}
