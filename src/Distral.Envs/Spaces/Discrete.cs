using Distral.Tensors;

namespace Distral.Envs;

/// <summary>The integers {Start, ..., Start + N - 1}; discrete actions are plain ints.</summary>
public sealed class Discrete : Space
{
    public Discrete(int n, int start = 0) : base([])
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), "A Discrete space needs n > 0.");
        N = n;
        Start = start;
    }

    /// <summary>Number of elements.</summary>
    public int N { get; }

    /// <summary>Smallest element.</summary>
    public int Start { get; }

    /// <summary>A uniform element drawn from the space's own generator.</summary>
    public int Sample() => Sample(Rng);

    /// <summary>A uniform element drawn from <paramref name="rng"/>.</summary>
    public int Sample(Rng rng) => Start + rng.NextInt(N);

    public bool Contains(int value) => value >= Start && value < Start + N;

    public override string ToString() => Start == 0 ? $"Discrete({N})" : $"Discrete({N}, start={Start})";
}
