namespace SourceBot.Core.Tests.Embeddings;

/// <summary>Arithmetic the embedding tests assert on.</summary>
internal static class VectorMath
{
    public static double Cosine(float[] a, float[] b) => Dot(a, b) / Math.Sqrt(Dot(a, a) * Dot(b, b));

    public static double Length(float[] a) => Math.Sqrt(Dot(a, a));

    private static double Dot(float[] a, float[] b)
    {
        Assert.Equal(a.Length, b.Length);
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++) sum += (double)a[i] * b[i];
        return sum;
    }
}
