namespace SourceBot.Core.Tests.Engine;

/// <summary>The thread a build ran on, as seen during the build.</summary>
internal sealed record BuildThread(string? Name, bool IsThreadPoolThread, ThreadPriority Priority);
