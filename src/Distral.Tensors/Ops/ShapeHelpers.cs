namespace Distral.Tensors;

/// <summary>Shape arithmetic shared by the reduction and concatenation ops.</summary>
internal static class ShapeHelpers
{
    /// <summary>Views <paramref name="s"/> as [outer, dim, inner] around <paramref name="axis"/> (already normalised).</summary>
    public static (int Outer, int Dim, int Inner) Split(Shape s, int axis)
    {
        if (s.Rank == 0) return (1, 1, 1);
        int outer = 1, inner = 1;
        for (int i = 0; i < axis; i++) outer *= s[i];
        for (int i = axis + 1; i < s.Rank; i++) inner *= s[i];
        return (outer, s[axis], inner);
    }

    /// <summary>The shape after reducing <paramref name="axis"/>: kept as 1, or removed.</summary>
    public static Shape Reduce(Shape s, int axis, bool keepDim)
    {
        if (s.Rank == 0) return s;
        if (keepDim) return s.With(axis, 1);
        Span<int> dims = stackalloc int[Shape.MaxRank];
        int rank = s.CopyTo(dims);
        for (int i = axis; i < rank - 1; i++) dims[i] = dims[i + 1];
        return Shape.Of(dims[..(rank - 1)]);
    }
}
