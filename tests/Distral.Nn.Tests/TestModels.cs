using Distral.Tensors;

namespace Distral.Nn.Tests;

/// <summary>A module with a nested Sequential and an own parameter, for naming tests.</summary>
internal sealed class TwoPartNet : Module
{
    public TwoPartNet(Rng rng)
    {
        Scale = RegisterParameter("scale", Tensor.Parameter(new Shape(2)));
        Layers = RegisterModule("layers", new Sequential(new Linear(3, 4, rng), new Tanh(), new Linear(4, 2, rng)));
    }

    public Tensor Scale { get; }
    public Sequential Layers { get; }

    public override Tensor Forward(Graph g, Tensor x) => Layers.Forward(g, x);
}

internal static class TestData
{
    public static float[] Random(Rng rng, int n, float scale = 1f)
    {
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = scale * (2 * rng.NextFloat() - 1);
        return v;
    }

    public static int[] Bits(IEnumerable<Tensor> tensors) =>
        tensors.SelectMany(t => t.ToArray()).Select(BitConverter.SingleToInt32Bits).ToArray();
}
