using System.Numerics;

namespace Distral.Agents;

/// <summary>
/// Row-level policy arithmetic every family uses when acting: a stable softmax, the greedy action, the
/// two-column logits alpha h + beta f, and the vector add that joins gradient halves. Graph-level versions of
/// the same quantities live in each family's objective, where gradients flow.
/// </summary>
public static class PolicyMath
{
    /// <summary>Stable softmax of one row: probs[a] = exp(logits[a] - max) / sum.</summary>
    public static void Softmax(ReadOnlySpan<float> logits, Span<float> probs)
    {
        if (probs.Length < logits.Length) throw new ArgumentException("probs is shorter than logits.", nameof(probs));
        float max = float.NegativeInfinity;
        foreach (float x in logits) max = MathF.Max(max, x);
        float sum = 0;
        for (int a = 0; a < logits.Length; a++)
        {
            probs[a] = MathF.Exp(logits[a] - max);
            sum += probs[a];
        }
        for (int a = 0; a < logits.Length; a++) probs[a] /= sum;
    }

    /// <summary>Index of the largest value (the first on ties): the greedy action.</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int a = 1; a < values.Length; a++) if (values[a] > values[best]) best = a;
        return best;
    }

    /// <summary>
    /// The 2col task policy's logits for one state: logits[a] = alpha h[a] + beta f[a], where h is the distilled
    /// column (pi_0 = softmax h) and f the task column. An empty <paramref name="h"/> stands for a uniform pi_0,
    /// whose logits are a constant that softmax ignores, so the logits are beta f.
    /// </summary>
    public static void TwoColumnLogits(ReadOnlySpan<float> h, ReadOnlySpan<float> f, float alpha, float beta, Span<float> logits)
    {
        if (!h.IsEmpty && h.Length != f.Length) throw new ArgumentException("h and f differ in length.", nameof(h));
        for (int a = 0; a < f.Length; a++) logits[a] = (h.IsEmpty ? 0f : alpha * h[a]) + beta * f[a];
    }

    /// <summary>destination[k] += source[k], vectorised.</summary>
    public static void AddInPlace(Span<float> destination, ReadOnlySpan<float> source)
    {
        if (source.Length != destination.Length) throw new ArgumentException("AddInPlace needs spans of equal length.", nameof(source));
        int width = Vector<float>.Count, k = 0;
        for (; k <= destination.Length - width; k += width)
            (new Vector<float>(destination[k..]) + new Vector<float>(source[k..])).CopyTo(destination[k..]);
        for (; k < destination.Length; k++) destination[k] += source[k];
    }
}
