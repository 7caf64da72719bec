namespace SourceBot.Core.Tests.Engine;

/// <summary>How long a test waits for an event it expects before it fails rather than hangs; never a measure of speed.</summary>
internal static class HangGuard
{
    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
}
