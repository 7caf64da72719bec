namespace SourceBot.Core.Benchmarks;

/// <summary>
/// Picks item <c>k</c> of <c>n</c> with probability proportional to 1/(k+1): item 0 is the most popular, as a few servers ask
/// most of a bot's questions. Seeded by the <see cref="Random"/> it is given.
/// </summary>
internal sealed class ZipfPicker
{
    private readonly double[] _cumulative;
    private readonly Random _random;

    public ZipfPicker(int count, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _random = random;
        _cumulative = new double[count];
        double sum = 0;
        for (int k = 0; k < count; k++) _cumulative[k] = sum += 1.0 / (k + 1);
    }

    public int Next()
    {
        double x = _random.NextDouble() * _cumulative[^1];
        int i = Array.BinarySearch(_cumulative, x);
        return Math.Min(i < 0 ? ~i : i, _cumulative.Length - 1);
    }
}
