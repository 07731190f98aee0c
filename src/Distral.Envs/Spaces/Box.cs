using System.Globalization;
using Distral.Tensors;

namespace Distral.Envs;

/// <summary>
/// A box of float vectors, bounds per element, flattened row-major; observations of every env are a Box.
/// Unbounded sides use float.NegativeInfinity / float.PositiveInfinity.
/// </summary>
public sealed class Box : Space
{
    private readonly float[] _low;
    private readonly float[] _high;

    /// <summary>A box with the same bounds for every element.</summary>
    public Box(float low, float high, params int[] shape) : base(shape)
    {
        if (!(low <= high)) throw new ArgumentException("Box needs low <= high.");
        _low = new float[Size];
        _high = new float[Size];
        Array.Fill(_low, low);
        Array.Fill(_high, high);
    }

    /// <summary>A box with per-element bounds (the shape defaults to [low.Length]).</summary>
    public Box(float[] low, float[] high, int[]? shape = null) : base(shape ?? [low.Length])
    {
        if (low.Length != Size || high.Length != Size) throw new ArgumentException("Box bounds must have one entry per element.");
        for (int i = 0; i < low.Length; i++)
            if (!(low[i] <= high[i])) throw new ArgumentException($"Box needs low <= high (element {i}).");
        _low = (float[])low.Clone();
        _high = (float[])high.Clone();
    }

    public ReadOnlySpan<float> Low => _low;
    public ReadOnlySpan<float> High => _high;

    /// <summary>Writes a sample into <paramref name="destination"/> using the space's own generator.</summary>
    public void Sample(Span<float> destination) => Sample(Rng, destination);

    /// <summary>
    /// Writes a sample: uniform on bounded sides, exponential from a single bound, standard normal when unbounded
    /// (as Gymnasium does).
    /// </summary>
    public void Sample(Rng rng, Span<float> destination)
    {
        if (destination.Length != Size) throw new ArgumentException($"Destination needs {Size} elements.");
        for (int i = 0; i < destination.Length; i++)
        {
            float lo = _low[i], hi = _high[i];
            bool hasLo = !float.IsNegativeInfinity(lo), hasHi = !float.IsPositiveInfinity(hi);
            if (hasLo && hasHi) destination[i] = lo == hi ? lo : Math.Min(rng.NextFloat(lo, hi), hi);
            else if (hasLo) destination[i] = lo - MathF.Log(1 - rng.NextFloat());
            else if (hasHi) destination[i] = hi + MathF.Log(1 - rng.NextFloat());
            else destination[i] = rng.NextGaussian();
        }
    }

    /// <summary>True when the vector has the right length, no NaN, and every element lies within its bounds.</summary>
    public bool Contains(ReadOnlySpan<float> value)
    {
        if (value.Length != Size) return false;
        for (int i = 0; i < value.Length; i++)
            if (!(value[i] >= _low[i] && value[i] <= _high[i])) return false;
        return true;
    }

    /// <summary>Clamps a vector into the box in place.</summary>
    public void Clip(Span<float> value)
    {
        for (int i = 0; i < value.Length; i++) value[i] = Math.Clamp(value[i], _low[i], _high[i]);
    }

    public override string ToString() =>
        "Box(shape=[" + string.Join(",", ShapeArray().Select(d => d.ToString(CultureInfo.InvariantCulture))) + "])";
}
