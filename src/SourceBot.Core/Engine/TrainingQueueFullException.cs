namespace SourceBot.Core.Engine;

/// <summary>The training queue is full: the publish was not queued, and nothing about it changed.</summary>
public sealed class TrainingQueueFullException(int waiting)
    : Exception($"{waiting} {(waiting == 1 ? "publish is" : "publishes are")} waiting to be trained; try again later.")
{
    /// <summary>Publishes that were waiting when this one was refused.</summary>
    public int Waiting { get; } = waiting;
}
