using System.Runtime.CompilerServices;

namespace Distral.Tensors;

/// <summary>
/// A tensor shape of rank 0..4 stored inline (no heap allocation), row-major.
/// Negative axes count from the end, as in NumPy.
/// </summary>
public readonly struct Shape : IEquatable<Shape>
{
    public const int MaxRank = 4;

    private readonly int _d0, _d1, _d2, _d3;

    public int Rank { get; }

    public static Shape Scalar => default;

    public Shape(int d0) : this(1, d0, 0, 0, 0) { }
    public Shape(int d0, int d1) : this(2, d0, d1, 0, 0) { }
    public Shape(int d0, int d1, int d2) : this(3, d0, d1, d2, 0) { }
    public Shape(int d0, int d1, int d2, int d3) : this(4, d0, d1, d2, d3) { }

    private Shape(int rank, int d0, int d1, int d2, int d3)
    {
        if ((rank > 0 && d0 < 0) || (rank > 1 && d1 < 0) || (rank > 2 && d2 < 0) || (rank > 3 && d3 < 0))
            throw new ArgumentException("Shape dimensions must be non-negative.");
        Rank = rank; _d0 = d0; _d1 = d1; _d2 = d2; _d3 = d3;
    }

    /// <summary>Builds a shape from a span of dimensions (rank at most 4).</summary>
    public static Shape Of(ReadOnlySpan<int> dims) => dims.Length switch
    {
        0 => Scalar,
        1 => new Shape(dims[0]),
        2 => new Shape(dims[0], dims[1]),
        3 => new Shape(dims[0], dims[1], dims[2]),
        4 => new Shape(dims[0], dims[1], dims[2], dims[3]),
        _ => throw new ArgumentException($"Rank {dims.Length} exceeds the maximum rank {MaxRank}."),
    };

    public int this[int axis]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => NormalizeAxis(axis) switch { 0 => _d0, 1 => _d1, 2 => _d2, _ => _d3 };
    }

    /// <summary>Number of elements (1 for a scalar).</summary>
    public int Size => Rank switch
    {
        0 => 1,
        1 => _d0,
        2 => _d0 * _d1,
        3 => _d0 * _d1 * _d2,
        _ => _d0 * _d1 * _d2 * _d3,
    };

    /// <summary>Size of the last axis (1 for a scalar).</summary>
    public int Last => Rank == 0 ? 1 : this[Rank - 1];

    /// <summary>Product of all axes but the last: the number of "rows" for last-axis ops.</summary>
    public int Rows => Rank == 0 ? 1 : Size / Math.Max(Last, 1);

    public int NormalizeAxis(int axis)
    {
        int a = axis < 0 ? axis + Rank : axis;
        if ((uint)a >= (uint)Math.Max(Rank, 1) || (Rank == 0 && a != 0))
            throw new ArgumentOutOfRangeException(nameof(axis), $"Axis {axis} is out of range for shape {this}.");
        return a;
    }

    /// <summary>The same shape with one axis replaced.</summary>
    public Shape With(int axis, int value)
    {
        int a = NormalizeAxis(axis);
        return new Shape(Rank, a == 0 ? value : _d0, a == 1 ? value : _d1, a == 2 ? value : _d2, a == 3 ? value : _d3);
    }

    /// <summary>Copies the dimensions into <paramref name="dims"/> and returns the rank.</summary>
    public int CopyTo(Span<int> dims)
    {
        if (Rank > 0) dims[0] = _d0;
        if (Rank > 1) dims[1] = _d1;
        if (Rank > 2) dims[2] = _d2;
        if (Rank > 3) dims[3] = _d3;
        return Rank;
    }

    public bool Equals(Shape other) =>
        Rank == other.Rank && _d0 == other._d0 && _d1 == other._d1 && _d2 == other._d2 && _d3 == other._d3;

    public override bool Equals(object? obj) => obj is Shape s && Equals(s);
    public override int GetHashCode() => HashCode.Combine(Rank, _d0, _d1, _d2, _d3);
    public static bool operator ==(Shape a, Shape b) => a.Equals(b);
    public static bool operator !=(Shape a, Shape b) => !a.Equals(b);

    public override string ToString() => Rank switch
    {
        0 => "[]",
        1 => $"[{_d0}]",
        2 => $"[{_d0}, {_d1}]",
        3 => $"[{_d0}, {_d1}, {_d2}]",
        _ => $"[{_d0}, {_d1}, {_d2}, {_d3}]",
    };
}
