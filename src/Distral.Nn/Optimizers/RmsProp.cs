using Distral.Tensors;

namespace Distral.Nn;

/// <summary>
/// RMSProp with PyTorch semantics: g += wd p; s = alpha s + (1-alpha) g^2; centered: a = alpha a + (1-alpha) g,
/// denom = sqrt(s - a^2) + eps, else sqrt(s) + eps; with momentum buf = mu buf + g / denom, p -= lr buf;
/// otherwise p -= lr g / denom. The statistics may live in a <see cref="RmsPropSharedState"/> shared by
/// several workers (A3C); the momentum buffer, if any, is always the worker's own.
/// </summary>
public sealed class RmsProp : Optimizer
{
    private readonly float[][] _squareAvg;
    private readonly float[][]? _gradAvg;
    private readonly float[][]? _momentumBuffers;

    /// <summary>RMSProp with its own statistics (PyTorch defaults lr 0.01, alpha 0.99, eps 1e-8).</summary>
    public RmsProp(IReadOnlyList<Tensor> parameters, float learningRate = 0.01f, float alpha = 0.99f, float eps = 1e-8f,
        float weightDecay = 0f, float momentum = 0f, bool centered = false)
        : this(parameters, new RmsPropSharedState(parameters, centered), learningRate, alpha, eps, weightDecay, momentum, null)
    {
    }

    /// <summary>
    /// A worker over shared statistics: updates <paramref name="parameters"/> (the shared network) with the
    /// gradients of <paramref name="gradientSources"/> (the worker's local copy; null = the parameters' own).
    /// </summary>
    public RmsProp(IReadOnlyList<Tensor> parameters, RmsPropSharedState shared, float learningRate = 0.01f, float alpha = 0.99f,
        float eps = 1e-8f, float weightDecay = 0f, float momentum = 0f, IReadOnlyList<Tensor>? gradientSources = null)
        : base(parameters, learningRate, gradientSources)
    {
        ArgumentNullException.ThrowIfNull(shared);
        if (shared.SquareAverage.Length != parameters.Count)
            throw new ArgumentException($"Shared RMSProp state covers {shared.SquareAverage.Length} parameters, got {parameters.Count}.");
        for (int i = 0; i < parameters.Count; i++)
            if (shared.SquareAverage[i].Length != parameters[i].Size)
                throw new ArgumentException($"Shared RMSProp state entry {i} has {shared.SquareAverage[i].Length} values, parameter has {parameters[i].Size}.");
        if (momentum < 0) throw new ArgumentOutOfRangeException(nameof(momentum), "Momentum must be >= 0.");
        Shared = shared;
        Alpha = alpha;
        Eps = eps;
        WeightDecay = weightDecay;
        Momentum = momentum;
        _squareAvg = shared.SquareAverage;
        _gradAvg = shared.GradientAverage;
        RegisterBuffers("square_avg", _squareAvg);
        if (_gradAvg is not null) RegisterBuffers("grad_avg", _gradAvg);
        if (momentum > 0) _momentumBuffers = CreateBuffers("momentum_buffer");
    }

    /// <summary>The statistics this optimizer updates (possibly shared with other workers).</summary>
    public RmsPropSharedState Shared { get; }

    public float Alpha { get; }
    public float Eps { get; }
    public float WeightDecay { get; }
    public float Momentum { get; }
    public bool Centered => _gradAvg is not null;

    /// <inheritdoc />
    protected override void Update(int index, Span<float> p, ReadOnlySpan<float> grad)
    {
        var sq = _squareAvg[index].AsSpan();
        var ga = _gradAvg is null ? Span<float>.Empty : _gradAvg[index].AsSpan();
        var buf = _momentumBuffers is null ? Span<float>.Empty : _momentumBuffers[index].AsSpan();
        float lr = LearningRate, alpha = Alpha, eps = Eps, wd = WeightDecay, mu = Momentum;
        for (int i = 0; i < p.Length; i++)
        {
            float g = grad[i] + wd * p[i];
            sq[i] = alpha * sq[i] + (1 - alpha) * g * g;
            float denom;
            if (!ga.IsEmpty)
            {
                ga[i] = alpha * ga[i] + (1 - alpha) * g;
                // Clamp at 0: rounding (or a racing worker) can make s - a^2 slightly negative.
                denom = MathF.Sqrt(MathF.Max(sq[i] - ga[i] * ga[i], 0f)) + eps;
            }
            else
            {
                denom = MathF.Sqrt(sq[i]) + eps;
            }
            if (!buf.IsEmpty)
            {
                buf[i] = mu * buf[i] + g / denom;
                p[i] -= lr * buf[i];
            }
            else
            {
                p[i] -= lr * g / denom;
            }
        }
    }
}
