using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using SourceBot.Core.Metrics;

namespace SourceBot.Core.Tests.Metrics;

/// <summary>The training queue's depth is a gauge only when the host supplies it.</summary>
public sealed class SourceBotMetricsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public void Dispose() => _services.Dispose();

    [Fact]
    public void The_training_queue_depth_the_host_supplies_is_read_when_the_metrics_are_collected()
    {
        var meters = _services.GetRequiredService<IMeterFactory>();
        using var depth = new MetricCollector<int>(meters, SourceBotMetrics.MeterName, "sourcebot.training.queue.depth");
        int queued = 2;
        _ = new SourceBotMetrics(meters, trainingQueueDepth: () => queued);
        queued = 3;

        depth.RecordObservableInstruments();

        Assert.Equal(3, Assert.Single(depth.GetMeasurementSnapshot()).Value);
    }

    [Fact]
    public void Without_a_training_queue_there_is_no_depth_gauge()
    {
        var meters = _services.GetRequiredService<IMeterFactory>();
        using var depth = new MetricCollector<int>(meters, SourceBotMetrics.MeterName, "sourcebot.training.queue.depth");
        _ = new SourceBotMetrics(meters);

        depth.RecordObservableInstruments();

        Assert.Empty(depth.GetMeasurementSnapshot());
    }
}
