using Distral.Tensors;

namespace Distral.Envs;

/// <summary>A vector of independent discrete choices; element i ranges over {0, ..., Nvec[i] - 1}.</summary>
public sealed class MultiDiscrete : Space
{
    private readonly int[] _nvec;

    public MultiDiscrete(params int[] nvec) : base([nvec.Length])
    {
        foreach (int n in nvec) if (n <= 0) throw new ArgumentException("MultiDiscrete needs every n > 0.");
        _nvec = (int[])nvec.Clone();
    }

    public ReadOnlySpan<int> Nvec => _nvec;

    public void Sample(Span<int> destination) => Sample(Rng, destination);

    public void Sample(Rng rng, Span<int> destination)
    {
        if (destination.Length != _nvec.Length) throw new ArgumentException($"Destination needs {_nvec.Length} elements.");
        for (int i = 0; i < destination.Length; i++) destination[i] = rng.NextInt(_nvec[i]);
    }

    public bool Contains(ReadOnlySpan<int> value)
    {
        if (value.Length != _nvec.Length) return false;
        for (int i = 0; i < value.Length; i++) if (value[i] < 0 || value[i] >= _nvec[i]) return false;
        return true;
    }

    public override string ToString() => "MultiDiscrete([" + string.Join(",", _nvec) + "])";
}
