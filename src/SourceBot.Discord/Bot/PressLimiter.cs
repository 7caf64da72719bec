using System.Threading.RateLimiting;
using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Wire;

namespace SourceBot.Discord.Bot;

/// <summary>What a press counts against: the answer buttons (and the forms they open), or moderation (/kb, its form, Teach).</summary>
internal enum PressKind
{
    Button,
    Moderation,
}

/// <summary>
/// Rate limits on everything a user can press besides questions (which <see cref="NoiseControl.TryAsk"/> limits): per user,
/// buttons and moderation each within <see cref="DiscordRateLimitOptions.Window"/>, then a cap on all users' presses together.
/// A press a user's own limit refuses does not use up the cap, so one user pressing too fast does not hold up the others.
/// System.Threading.RateLimiting limiters on a <see cref="TimeProvider"/>.
/// </summary>
internal sealed class PressLimiter : IDisposable
{
    private readonly KeyedTimeWindowRateLimiter _buttons;
    private readonly KeyedTimeWindowRateLimiter _moderation;
    private readonly TimeWindowRateLimiter _allUsers;
    private readonly TimeSpan _window;

    public PressLimiter(DiscordRateLimitOptions options, TimeProvider time)
    {
        _window = options.Window;
        _buttons = new KeyedTimeWindowRateLimiter(options.ButtonPressesPerUser, options.Window, time);
        _moderation = new KeyedTimeWindowRateLimiter(options.KbCommandsPerUser, options.Window, time);
        _allUsers = new TimeWindowRateLimiter(options.PressesAllUsers, options.Window, 0, time);
    }

    /// <summary>Takes one press from the user's allowance and then from the cap; false with the private refusal when either is used up.</summary>
    public bool TryPress(PressKind kind, string userId, out string refusal)
    {
        using (var own = (kind == PressKind.Moderation ? _moderation : _buttons).AttemptAcquire(userId))
        {
            if (!own.IsAcquired)
            {
                refusal = kind == PressKind.Moderation
                    ? $"You're running moderator commands too fast; try again in {Seconds(own)} s."
                    : $"You're pressing buttons too fast; try again in {Seconds(own)} s.";
                return false;
            }
        }
        using var all = _allUsers.AttemptAcquire();
        if (!all.IsAcquired)
        {
            refusal = $"SourceBot is handling too many presses right now; try again in {Seconds(all)} s.";
            return false;
        }
        refusal = "";
        return true;
    }

    private int Seconds(RateLimitLease lease) =>
        Math.Max(1, (int)Math.Ceiling((lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : _window).TotalSeconds));

    public void Dispose()
    {
        _buttons.Dispose();
        _moderation.Dispose();
        _allUsers.Dispose();
    }
}
