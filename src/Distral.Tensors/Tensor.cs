namespace Distral.Tensors;

/// <summary>
/// A float32 row-major tensor. Tensors made by a <see cref="Graph"/> live in its arena and are recycled
/// when the graph is reset; parameters own their storage and gradient. A tensor made by an op also
/// records how it was made (its creator op and inputs), so it is its own tape node.
/// </summary>
public sealed class Tensor
{
    // Storage: a slice of an array (graph tensors share arena chunks).
    internal float[] Data;
    internal int Offset;

    // Gradient: allocated lazily during backward for graph tensors, owned for parameters.
    internal float[]? GradData;
    internal int GradOffset;

    // Tape record. Inputs beyond three (concat) use InputList; op-specific arguments use I*/F*; ops that
    // must remember integers (argmax, gather indices) or floats (a mask, saved statistics) use Aux*/Saved*.
    internal Op? Creator;
    internal Tensor? A, B, C;
    internal List<Tensor>? InputList;
    internal int I0, I1, I2, I3;
    internal float F0, F1;
    internal int[]? Aux;
    internal int AuxOffset;
    internal float[]? Saved;
    internal int SavedOffset;
    internal Graph? Owner;

    public Shape Shape { get; internal set; }

    /// <summary>True when gradients flow into this tensor during <see cref="Graph.Backward(Tensor)"/>.</summary>
    public bool RequiresGrad { get; internal set; }

    /// <summary>True for tensors that own their storage and gradient (trainable weights).</summary>
    public bool IsParameter { get; }

    /// <summary>Optional name (parameters get their dotted state-dict name from their module).</summary>
    public string? Name { get; set; }

    internal Tensor() { Data = []; }

    private Tensor(Shape shape, float[] data, bool isParameter)
    {
        Shape = shape;
        Data = data;
        IsParameter = isParameter;
        RequiresGrad = isParameter;
        if (isParameter) GradData = new float[shape.Size];
    }

    /// <summary>A trainable tensor with its own zero-initialised storage and gradient.</summary>
    public static Tensor Parameter(Shape shape, string? name = null) =>
        new(shape, new float[shape.Size], isParameter: true) { Name = name };

    /// <summary>A standalone constant tensor owning a copy of <paramref name="values"/> (no gradient).</summary>
    public static Tensor FromArray(Shape shape, ReadOnlySpan<float> values)
    {
        if (values.Length != shape.Size)
            throw new ArgumentException($"{values.Length} values do not fill shape {shape} ({shape.Size} elements).");
        return new Tensor(shape, values.ToArray(), isParameter: false);
    }

    /// <summary>A standalone zero constant tensor (no gradient).</summary>
    public static Tensor Zeros(Shape shape) => new(shape, new float[shape.Size], isParameter: false);

    public int Size => Shape.Size;

    /// <summary>The values, row-major.</summary>
    public Span<float> Span => Data.AsSpan(Offset, Shape.Size);

    /// <summary>The gradient, row-major; empty until backward has reached this tensor.</summary>
    public Span<float> Grad => GradData is null ? Span<float>.Empty : GradData.AsSpan(GradOffset, Shape.Size);

    public bool HasGrad => GradData is not null;

    [System.Runtime.CompilerServices.IndexerName("At")]
    public float this[int index]
    {
        get => Span[index];
        set => Span[index] = value;
    }

    [System.Runtime.CompilerServices.IndexerName("At")]
    public float this[int row, int col]
    {
        get => Span[row * Shape.Last + col];
        set => Span[row * Shape.Last + col] = value;
    }

    /// <summary>The single value of a one-element tensor.</summary>
    public float Item() => Shape.Size == 1 ? Data[Offset] : throw new InvalidOperationException($"Item() needs one element, shape is {Shape}.");

    public float[] ToArray() => Span.ToArray();

    /// <summary>Zeroes the gradient (parameters: before accumulating a new batch).</summary>
    public void ZeroGrad() => Grad.Clear();

    public override string ToString() => $"Tensor{Shape}{(Name is null ? "" : " " + Name)}{(Creator is null ? "" : " <- " + Creator.Name)}";
}
