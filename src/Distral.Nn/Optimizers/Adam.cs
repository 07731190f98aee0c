using Distral.Tensors;

namespace Distral.Nn;

/// <summary>
/// Adam with PyTorch semantics (L2 weight decay added to the gradient, not AdamW):
/// m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; p -= lr / (1-b1^t) * m / (sqrt(v) / sqrt(1-b2^t) + eps).
/// </summary>
public sealed class Adam : Optimizer
{
    private readonly float[][] _expAvg;
    private readonly float[][] _expAvgSq;
    private float _stepSize;
    private float _sqrtBiasCorrection2;

    /// <summary>Creates the optimizer with PyTorch's defaults.</summary>
    public Adam(IReadOnlyList<Tensor> parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f,
        float eps = 1e-8f, float weightDecay = 0f, IReadOnlyList<Tensor>? gradientSources = null)
        : base(parameters, learningRate, gradientSources)
    {
        if (beta1 is < 0 or >= 1 || beta2 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta1), "Betas must be in [0, 1).");
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
        WeightDecay = weightDecay;
        _expAvg = CreateBuffers("exp_avg");
        _expAvgSq = CreateBuffers("exp_avg_sq");
    }

    public float Beta1 { get; }
    public float Beta2 { get; }
    public float Eps { get; }
    public float WeightDecay { get; }

    /// <inheritdoc />
    protected override void BeginStep()
    {
        // Bias corrections in double, as PyTorch computes them as Python floats.
        double bc1 = 1 - Math.Pow(Beta1, StepCount);
        double bc2 = 1 - Math.Pow(Beta2, StepCount);
        _stepSize = (float)(LearningRate / bc1);
        _sqrtBiasCorrection2 = (float)Math.Sqrt(bc2);
    }

    /// <inheritdoc />
    protected override void Update(int index, Span<float> p, ReadOnlySpan<float> grad)
    {
        var m = _expAvg[index].AsSpan();
        var v = _expAvgSq[index].AsSpan();
        float b1 = Beta1, b2 = Beta2, eps = Eps, wd = WeightDecay, stepSize = _stepSize, sqrtBc2 = _sqrtBiasCorrection2;
        for (int i = 0; i < p.Length; i++)
        {
            float g = grad[i] + wd * p[i];
            m[i] = b1 * m[i] + (1 - b1) * g;
            v[i] = b2 * v[i] + (1 - b2) * g * g;
            p[i] -= stepSize * m[i] / (MathF.Sqrt(v[i]) / sqrtBc2 + eps);
        }
    }
}
