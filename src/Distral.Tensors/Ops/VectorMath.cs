using System.Numerics;
using System.Runtime.InteropServices;

namespace Distral.Tensors;

/// <summary>Small SIMD loops shared by the reduction and last-axis ops.</summary>
internal static class VectorMath
{
    /// <summary>dst[i] += scale * src[i].</summary>
    public static void AddScaled(Span<float> dst, ReadOnlySpan<float> src, float scale)
    {
        int i = 0, n = dst.Length;
        ref float rd = ref MemoryMarshal.GetReference(dst);
        ref float rs = ref MemoryMarshal.GetReference(src);
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            var vs = new Vector<float>(scale);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
                (Vector.LoadUnsafe(ref rd, (nuint)i) + vs * Vector.LoadUnsafe(ref rs, (nuint)i)).StoreUnsafe(ref rd, (nuint)i);
        }
        for (; i < n; i++) dst[i] += scale * src[i];
    }

    /// <summary>The largest value (the first element for an all-NaN row; -inf for an empty one).</summary>
    public static float Max(ReadOnlySpan<float> x)
    {
        float m = float.NegativeInfinity;
        foreach (float v in x) if (v > m) m = v;
        return m;
    }
}
