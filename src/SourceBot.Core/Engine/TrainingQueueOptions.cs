using System.ComponentModel.DataAnnotations;

namespace SourceBot.Core.Engine;

/// <summary>How publishes are trained in the background. Bound from "SourceBot:Training".</summary>
public sealed class TrainingQueueOptions
{
    public const string Section = "SourceBot:Training";

    /// <summary>Builds run at once, each on its own below-normal-priority thread; more than one mostly helps machines with cores to spare.</summary>
    [Range(1, 64)]
    public int Concurrency { get; set; } = 1;

    /// <summary>Publishes that may wait for a build; one more is refused at once, with a message to try again later.</summary>
    [Range(1, 10_000)]
    public int Capacity { get; set; } = 16;
}
