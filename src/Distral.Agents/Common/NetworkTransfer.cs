using Distral.Nn;

namespace Distral.Agents;

/// <summary>Parameter copies between networks of two runs, with the shape checks and messages transfer needs.</summary>
public static class NetworkTransfer
{
    /// <summary>The <see cref="Linear"/> layers of <paramref name="network"/> in order (input first).</summary>
    public static IReadOnlyList<Linear> Linears(Sequential network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var linears = new List<Linear>();
        for (int i = 0; i < network.Count; i++) if (network[i] is Linear linear) linears.Add(linear);
        return linears;
    }

    /// <summary>The hidden layers of a column that ends in an output layer: every <see cref="Linear"/> but the last.</summary>
    public static IReadOnlyList<Linear> HiddenLinears(Sequential column)
    {
        var linears = Linears(column);
        return linears.Count == 0 ? linears : [.. linears.Take(linears.Count - 1)];
    }

    /// <summary>
    /// Copies weights and biases of <paramref name="source"/> into <paramref name="target"/> layer by layer. Throws
    /// <see cref="ArgumentException"/> naming <paramref name="targetName"/> and the first difference (layer count or
    /// a layer's input and output sizes).
    /// </summary>
    public static void CopyTrunk(IReadOnlyList<Linear> source, IReadOnlyList<Linear> target, string targetName)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        if (source.Count != target.Count)
            throw new ArgumentException($"the source trunk has {source.Count} hidden layers ({Describe(source)}) but {targetName} has {target.Count} ({Describe(target)})");
        for (int l = 0; l < source.Count; l++)
        {
            var (s, t) = (source[l], target[l]);
            if (s.InFeatures != t.InFeatures || s.OutFeatures != t.OutFeatures || (s.Bias is null) != (t.Bias is null))
                throw new ArgumentException($"hidden layer {l + 1} is {s.InFeatures}->{s.OutFeatures} in the source but {t.InFeatures}->{t.OutFeatures} in {targetName} (layers: {Describe(source)} vs {Describe(target)})");
        }
        for (int l = 0; l < source.Count; l++)
        {
            source[l].Weight.Span.CopyTo(target[l].Weight.Span);
            source[l].Bias?.Span.CopyTo(target[l].Bias!.Span);
        }
    }

    /// <summary>Copies every parameter of <paramref name="source"/> into <paramref name="target"/> (same architecture).</summary>
    public static void CopyAll(Module source, Module target, string targetName)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        try
        {
            target.CopyParametersFrom(source);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{targetName} does not have the source's architecture: {e.Message}", e);
        }
    }

    private static string Describe(IReadOnlyList<Linear> layers) =>
        layers.Count == 0 ? "none" : string.Join("-", [layers[0].InFeatures, .. layers.Select(l => l.OutFeatures)]);
}
