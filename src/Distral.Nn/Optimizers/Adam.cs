using System.Runtime.Intrinsics;
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
        // The same operations in the same order as the scalar tail below, lane by lane (IEEE sqrt and
        // division round identically in SIMD), so the vector path is bit-identical to the scalar one.
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var vb1 = Vector512.Create(b1); var vb1c = Vector512.Create(1 - b1);
            var vb2 = Vector512.Create(b2); var vb2c = Vector512.Create(1 - b2);
            var veps = Vector512.Create(eps); var vwd = Vector512.Create(wd);
            var vstep = Vector512.Create(stepSize); var vbc2 = Vector512.Create(sqrtBc2);
            for (; i <= p.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var pv = Vector512.Create(p.Slice(i, Vector512<float>.Count));
                var g = Vector512.Create(grad.Slice(i, Vector512<float>.Count)) + vwd * pv;
                var mv = vb1 * Vector512.Create(m.Slice(i, Vector512<float>.Count)) + vb1c * g;
                var vv = vb2 * Vector512.Create(v.Slice(i, Vector512<float>.Count)) + vb2c * g * g;
                mv.CopyTo(m.Slice(i));
                vv.CopyTo(v.Slice(i));
                (pv - vstep * mv / (Vector512.Sqrt(vv) / vbc2 + veps)).CopyTo(p.Slice(i));
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var vb1 = Vector256.Create(b1); var vb1c = Vector256.Create(1 - b1);
            var vb2 = Vector256.Create(b2); var vb2c = Vector256.Create(1 - b2);
            var veps = Vector256.Create(eps); var vwd = Vector256.Create(wd);
            var vstep = Vector256.Create(stepSize); var vbc2 = Vector256.Create(sqrtBc2);
            for (; i <= p.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var pv = Vector256.Create(p.Slice(i, Vector256<float>.Count));
                var g = Vector256.Create(grad.Slice(i, Vector256<float>.Count)) + vwd * pv;
                var mv = vb1 * Vector256.Create(m.Slice(i, Vector256<float>.Count)) + vb1c * g;
                var vv = vb2 * Vector256.Create(v.Slice(i, Vector256<float>.Count)) + vb2c * g * g;
                mv.CopyTo(m.Slice(i));
                vv.CopyTo(v.Slice(i));
                (pv - vstep * mv / (Vector256.Sqrt(vv) / vbc2 + veps)).CopyTo(p.Slice(i));
            }
        }
        for (; i < p.Length; i++)
        {
            float g = grad[i] + wd * p[i];
            m[i] = b1 * m[i] + (1 - b1) * g;
            v[i] = b2 * v[i] + (1 - b2) * g * g;
            p[i] -= stepSize * m[i] / (MathF.Sqrt(v[i]) / sqrtBc2 + eps);
        }
    }
}
