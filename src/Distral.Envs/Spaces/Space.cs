using Distral.Tensors;

namespace Distral.Envs;

/// <summary>
/// A Gymnasium-style space: the set of valid observations or actions. Each space owns a private
/// <see cref="Rng"/> for <c>Sample()</c> (reseed it with <see cref="Seed"/>); the <c>Sample(Rng)</c>
/// overloads use the caller's generator instead.
/// </summary>
public abstract class Space
{
    private readonly int[] _shape;

    protected Space(int[] shape)
    {
        _shape = (int[])shape.Clone();
        Rng = new Rng(0);
    }

    /// <summary>The shape of one element (a Discrete space has shape []).</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>Number of scalars in one element (product of the shape; 1 for Discrete).</summary>
    public int Size
    {
        get
        {
            int n = 1;
            foreach (int d in _shape) n *= d;
            return n;
        }
    }

    /// <summary>The space's own generator, used by the parameterless Sample methods.</summary>
    public Rng Rng { get; }

    /// <summary>Reseeds the space's own generator.</summary>
    public void Seed(ulong seed) => Rng.Reseed(seed);

    /// <summary>The shape as an array copy (for serialisation and messages).</summary>
    public int[] ShapeArray() => (int[])_shape.Clone();

}
