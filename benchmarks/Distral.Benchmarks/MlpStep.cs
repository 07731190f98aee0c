using Distral.Tensors;
using Distral.Tensors.Kernels;

namespace Distral.Benchmarks;

/// <summary>
/// One training step of the project's reference MLP (3-64-128-64-4, LeakyReLU, batch 128): forward,
/// backward of sum(output), plain SGD, zero grads, graph reset. Shared by the BDN and quick benchmarks.
/// </summary>
public sealed class MlpStep
{
    private static readonly int[] Sizes = [3, 64, 128, 64, 4];
    private const int Batch = 128;

    private readonly Graph _graph = new();
    private readonly Tensor[] _weights = new Tensor[Sizes.Length - 1];
    private readonly Tensor[] _biases = new Tensor[Sizes.Length - 1];
    private readonly float[] _input = new float[Batch * Sizes[0]];

    /// <summary>Seeded parameters and input.</summary>
    public MlpStep(ulong seed = 1)
    {
        var rng = new Rng(seed);
        for (int l = 0; l < _weights.Length; l++)
        {
            _weights[l] = Tensor.Parameter(new Shape(Sizes[l + 1], Sizes[l]), $"w{l}");
            _biases[l] = Tensor.Parameter(new Shape(Sizes[l + 1]), $"b{l}");
            float scale = MathF.Sqrt(2f / Sizes[l]);
            foreach (ref float w in _weights[l].Span) w = scale * rng.NextGaussian();
        }
        foreach (ref float v in _input.AsSpan()) v = rng.NextFloat(-1, 1);
    }

    /// <summary>Multiply-adds times two of one forward+backward pass (the GEMM work only).</summary>
    public static long Flops => KernelTimings.MlpGemmFlops(Sizes, Batch);

    /// <summary>Runs one step and returns the loss.</summary>
    public float Run()
    {
        var g = _graph;
        var h = g.Input(new Shape(Batch, Sizes[0]), _input);
        for (int l = 0; l < _weights.Length; l++)
            h = g.Linear(h, _weights[l], _biases[l], l < _weights.Length - 1 ? Activation.LeakyRelu : Activation.None);
        var loss = g.Sum(h);
        float value = loss.Item();
        g.Backward(loss);
        for (int l = 0; l < _weights.Length; l++)
        {
            Sgd(_weights[l]);
            Sgd(_biases[l]);
        }
        g.Reset();
        return value;
    }

    private static void Sgd(Tensor p)
    {
        var v = p.Span;
        var d = p.Grad;
        for (int i = 0; i < v.Length; i++) v[i] -= 1e-5f * d[i];
        p.ZeroGrad();
    }
}
