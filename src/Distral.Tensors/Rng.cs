using System.Numerics;

namespace Distral.Tensors;

/// <summary>
/// Seeded pseudo-random numbers (xoshiro256**), identical on every platform, with a state that can be
/// saved and restored (checkpoints resume bit-identically). Not thread-safe: one per thread/worker.
/// </summary>
public sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;
    private bool _hasSpareGaussian;
    private float _spareGaussian;

    public Rng(ulong seed) => Reseed(seed);

    /// <summary>Seeds the four state words from one seed with SplitMix64, as the xoshiro authors advise.</summary>
    public void Reseed(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix(ref x); _s1 = SplitMix(ref x); _s2 = SplitMix(ref x); _s3 = SplitMix(ref x);
        _hasSpareGaussian = false;
    }

    /// <summary>A child generator whose stream is independent of this one's (for workers, tasks, envs).</summary>
    public Rng Fork(ulong stream) => new(NextULong() ^ (0x9E3779B97F4A7C15UL * (stream + 1)));

    public ulong NextULong()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 24 random bits.</summary>
    public float NextFloat() => (NextULong() >> 40) * (1f / (1 << 24));

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [low, high).</summary>
    public float NextFloat(float low, float high) => low + (high - low) * NextFloat();

    /// <summary>Uniform integer in [0, maxExclusive), unbiased (Lemire's method).</summary>
    public int NextInt(int maxExclusive)
    {
        if (maxExclusive <= 0) throw new ArgumentOutOfRangeException(nameof(maxExclusive));
        ulong range = (ulong)maxExclusive;
        // 32 random bits times the range; the high word is the result. Reject the small biased region.
        ulong product = (NextULong() >> 32) * range;
        uint low = (uint)product;
        if (low < (uint)range)
        {
            uint threshold = (uint)((1UL << 32) % range);
            while (low < threshold)
            {
                product = (NextULong() >> 32) * range;
                low = (uint)product;
            }
        }
        return (int)(product >> 32);
    }

    /// <summary>Uniform integer in [minInclusive, maxExclusive).</summary>
    public int NextInt(int minInclusive, int maxExclusive) => minInclusive + NextInt(maxExclusive - minInclusive);

    /// <summary>Standard normal (Marsaglia polar method; the spare value is kept in the saved state).</summary>
    public float NextGaussian()
    {
        if (_hasSpareGaussian)
        {
            _hasSpareGaussian = false;
            return _spareGaussian;
        }
        double u, v, s;
        do
        {
            u = 2 * NextDouble() - 1;
            v = 2 * NextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = Math.Sqrt(-2 * Math.Log(s) / s);
        _spareGaussian = (float)(v * f);
        _hasSpareGaussian = true;
        return (float)(u * f);
    }

    /// <summary>Samples an index from unnormalised non-negative weights (e.g. action probabilities).</summary>
    public int Categorical(ReadOnlySpan<float> weights)
    {
        float total = 0;
        foreach (float w in weights) total += w;
        float r = NextFloat() * total;
        float acc = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            acc += weights[i];
            if (r < acc) return i;
        }
        for (int i = weights.Length - 1; i >= 0; i--) if (weights[i] > 0) return i;
        return weights.Length - 1;
    }

    /// <summary>The full generator state, for checkpoints.</summary>
    public RngState GetState() => new(_s0, _s1, _s2, _s3, _hasSpareGaussian, _spareGaussian);

    public void SetState(RngState state)
    {
        if ((state.S0 | state.S1 | state.S2 | state.S3) == 0) throw new ArgumentException("An all-zero xoshiro state is invalid.");
        (_s0, _s1, _s2, _s3) = (state.S0, state.S1, state.S2, state.S3);
        (_hasSpareGaussian, _spareGaussian) = (state.HasSpareGaussian, state.SpareGaussian);
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
