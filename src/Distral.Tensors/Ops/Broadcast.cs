using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Distral.Tensors;

/// <summary>Four ints stored inline (loop extents and strides of a broadcast plan).</summary>
[InlineArray(4)]
internal struct Int4
{
    private int _element;
}

/// <summary>
/// How a broadcasting binary op walks its operands. Shapes are right-aligned (NumPy rules), axes of extent 1
/// in the output are dropped, and neighbouring axes on which both operands are either broadcast or not are
/// merged. What is left is at most four loops (outermost first); the innermost has stride 1 or 0 in each
/// operand, so the common cases (same shape, row vector, column vector, scalar) each become one or two
/// tight contiguous loops without special-casing them.
/// </summary>
internal struct BroadcastPlan
{
    public Int4 Extent;
    public Int4 StrideA;
    public Int4 StrideB;

    /// <summary>The NumPy broadcast of two shapes; throws when an axis pair is neither equal nor 1.</summary>
    public static Shape ResultShape(Shape a, Shape b)
    {
        if (a == b) return a;
        int rank = Math.Max(a.Rank, b.Rank);
        Span<int> dims = stackalloc int[Shape.MaxRank];
        for (int k = 0; k < rank; k++)
        {
            int da = DimFromRight(a, rank - 1 - k), db = DimFromRight(b, rank - 1 - k);
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException($"Shapes {a} and {b} cannot be broadcast together.");
            dims[k] = da == 1 ? db : da;
        }
        return Shape.Of(dims[..rank]);
    }

    /// <summary>The plan for computing an output of shape <paramref name="result"/> from operands a and b.</summary>
    public static BroadcastPlan Create(Shape a, Shape b, Shape result)
    {
        var plan = default(BroadcastPlan);
        Span<int> extent = stackalloc int[Shape.MaxRank];
        Span<bool> fullA = stackalloc bool[Shape.MaxRank];
        Span<bool> fullB = stackalloc bool[Shape.MaxRank];
        int count = 0;
        int rank = result.Rank;
        for (int k = 0; k < rank; k++)
        {
            int fromRight = rank - 1 - k;
            int o = result[k];
            if (o == 1) continue; // contributes nothing to any index
            bool fa = DimFromRight(a, fromRight) != 1, fb = DimFromRight(b, fromRight) != 1;
            if (count > 0 && fullA[count - 1] == fa && fullB[count - 1] == fb)
            {
                extent[count - 1] *= o;
                continue;
            }
            extent[count] = o;
            fullA[count] = fa;
            fullB[count] = fb;
            count++;
        }
        // Strides from the innermost merged axis outwards; pad the front with single-iteration loops.
        int accA = 1, accB = 1;
        for (int k = Shape.MaxRank - 1; k >= 0; k--)
        {
            int src = k - (Shape.MaxRank - count);
            if (src < 0)
            {
                plan.Extent[k] = 1;
                continue;
            }
            plan.Extent[k] = extent[src];
            plan.StrideA[k] = fullA[src] ? accA : 0;
            plan.StrideB[k] = fullB[src] ? accB : 0;
            if (fullA[src]) accA *= extent[src];
            if (fullB[src]) accB *= extent[src];
        }
        return plan;
    }

    private static int DimFromRight(Shape s, int fromRight) => fromRight < s.Rank ? s[s.Rank - 1 - fromRight] : 1;

    /// <summary>y = f(a, b) over the plan.</summary>
    public readonly void Forward<TFunc>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y)
        where TFunc : IBinaryFunction
    {
        if (y.IsEmpty) return;
        int n = Extent[3];
        bool contiguousA = StrideA[3] != 0, contiguousB = StrideB[3] != 0;
        int o = 0;
        for (int i0 = 0; i0 < Extent[0]; i0++)
        for (int i1 = 0; i1 < Extent[1]; i1++)
        for (int i2 = 0; i2 < Extent[2]; i2++)
        {
            int ia = i0 * StrideA[0] + i1 * StrideA[1] + i2 * StrideA[2];
            int ib = i0 * StrideB[0] + i1 * StrideB[1] + i2 * StrideB[2];
            var ys = y.Slice(o, n);
            if (contiguousA && contiguousB) BinaryKernels.Both<TFunc>(a.Slice(ia, n), b.Slice(ib, n), ys);
            else if (contiguousA) BinaryKernels.RightScalar<TFunc>(a.Slice(ia, n), b[ib], ys);
            else if (contiguousB) BinaryKernels.LeftScalar<TFunc>(a[ia], b.Slice(ib, n), ys);
            else ys.Fill(TFunc.Apply(a[ia], b[ib]));
            o += n;
        }
    }

    /// <summary>
    /// Accumulates the gradient of one operand ("self"): dSelf[is] += G(dy, self[is], other[io]) over every
    /// output element, which sums over the axes on which self was broadcast.
    /// </summary>
    public readonly void AccumulateGrad<TGrad>(ReadOnlySpan<float> dy, ReadOnlySpan<float> self, ReadOnlySpan<float> other,
        Span<float> dSelf, bool selfIsA)
        where TGrad : IGradFunction
    {
        if (dy.IsEmpty) return;
        // Stride tables for self and other, picked once.
        Int4 ss = selfIsA ? StrideA : StrideB, so = selfIsA ? StrideB : StrideA;
        int n = Extent[3];
        bool contiguousSelf = ss[3] != 0, contiguousOther = so[3] != 0;
        int o = 0;
        for (int i0 = 0; i0 < Extent[0]; i0++)
        for (int i1 = 0; i1 < Extent[1]; i1++)
        for (int i2 = 0; i2 < Extent[2]; i2++)
        {
            int i = i0 * ss[0] + i1 * ss[1] + i2 * ss[2];
            int j = i0 * so[0] + i1 * so[1] + i2 * so[2];
            var d = dy.Slice(o, n);
            if (contiguousSelf)
            {
                var ds = dSelf.Slice(i, n);
                var s = self.Slice(i, n);
                if (contiguousOther)
                {
                    var t = other.Slice(j, n);
                    for (int k = 0; k < n; k++) ds[k] += TGrad.Grad(d[k], s[k], t[k]);
                }
                else
                {
                    float t = other[j];
                    for (int k = 0; k < n; k++) ds[k] += TGrad.Grad(d[k], s[k], t);
                }
            }
            else
            {
                float s = self[i], sum = 0;
                if (contiguousOther)
                {
                    var t = other.Slice(j, n);
                    for (int k = 0; k < n; k++) sum += TGrad.Grad(d[k], s, t[k]);
                }
                else
                {
                    float t = other[j];
                    for (int k = 0; k < n; k++) sum += TGrad.Grad(d[k], s, t);
                }
                dSelf[i] += sum;
            }
            o += n;
        }
    }
}

/// <summary>Vectorised inner loops of a broadcasting binary op.</summary>
internal static class BinaryKernels
{
    public static void Both<TFunc>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y) where TFunc : IBinaryFunction
    {
        int i = 0, n = y.Length;
        ref float ra = ref MemoryMarshal.GetReference(a);
        ref float rb = ref MemoryMarshal.GetReference(b);
        ref float ry = ref MemoryMarshal.GetReference(y);
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
                TFunc.Apply(Vector.LoadUnsafe(ref ra, (nuint)i), Vector.LoadUnsafe(ref rb, (nuint)i)).StoreUnsafe(ref ry, (nuint)i);
        }
        for (; i < n; i++) y[i] = TFunc.Apply(a[i], b[i]);
    }

    public static void RightScalar<TFunc>(ReadOnlySpan<float> a, float b, Span<float> y) where TFunc : IBinaryFunction
    {
        int i = 0, n = y.Length;
        ref float ra = ref MemoryMarshal.GetReference(a);
        ref float ry = ref MemoryMarshal.GetReference(y);
        if (Vector.IsHardwareAccelerated)
        {
            var vb = new Vector<float>(b);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
                TFunc.Apply(Vector.LoadUnsafe(ref ra, (nuint)i), vb).StoreUnsafe(ref ry, (nuint)i);
        }
        for (; i < n; i++) y[i] = TFunc.Apply(a[i], b);
    }

    public static void LeftScalar<TFunc>(float a, ReadOnlySpan<float> b, Span<float> y) where TFunc : IBinaryFunction
    {
        int i = 0, n = y.Length;
        ref float rb = ref MemoryMarshal.GetReference(b);
        ref float ry = ref MemoryMarshal.GetReference(y);
        if (Vector.IsHardwareAccelerated)
        {
            var va = new Vector<float>(a);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
                TFunc.Apply(va, Vector.LoadUnsafe(ref rb, (nuint)i)).StoreUnsafe(ref ry, (nuint)i);
        }
        for (; i < n; i++) y[i] = TFunc.Apply(a, b[i]);
    }
}
