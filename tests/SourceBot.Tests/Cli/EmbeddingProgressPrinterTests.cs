using Microsoft.Extensions.Time.Testing;
using SourceBot.Cli;
using SourceBot.Core.Embeddings;

namespace SourceBot.Tests.Cli;

public class EmbeddingProgressPrinterTests
{
    [Fact]
    public void A_long_embedding_run_prints_its_start_a_line_every_few_seconds_with_the_time_left_and_its_end()
    {
        var time = new FakeTimeProvider();
        var output = new StringWriter();
        var printer = new EmbeddingProgressPrinter(output, time);

        printer.Report(new EmbeddingProgress(0, 1000, null));
        printer.Report(new EmbeddingProgress(16, 1000, TimeSpan.FromMinutes(3)));   // within 5 s of the last line: not printed
        time.Advance(TimeSpan.FromSeconds(6));
        printer.Report(new EmbeddingProgress(320, 1000, TimeSpan.FromSeconds(42)));
        printer.Report(new EmbeddingProgress(1000, 1000, TimeSpan.Zero));

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("Embedding 1,000 new texts", lines[0]);
        Assert.Equal("Embedding: 320 of 1,000 (32 %), about 42 s left", lines[1]);
        Assert.Equal("Embedded 1,000 texts.", lines[2]);
    }

    [Fact]
    public void The_time_left_is_in_minutes_from_a_minute_on()
    {
        Assert.EndsWith("about 3 min left", EmbeddingProgressPrinter.Line(new EmbeddingProgress(10, 1000, TimeSpan.FromSeconds(150))));
    }
}
