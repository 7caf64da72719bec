using Microsoft.Extensions.Time.Testing;

namespace SourceBot.Discord.Tests.Support;

public static class Eventually
{
    /// <summary>Advances fake time in steps until the condition holds (bounded by real time only as a safety net).</summary>
    public static async Task AdvanceUntilAsync(FakeTimeProvider time, TimeSpan step, Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The condition did not hold while advancing fake time.");
            time.Advance(step);
            await Task.Delay(5);
        }
    }

    public static async Task UntilAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The condition did not hold in time.");
            await Task.Delay(5);
        }
    }
}
