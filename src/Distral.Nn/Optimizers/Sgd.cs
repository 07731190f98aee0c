using Distral.Tensors;

namespace Distral.Nn;

/// <summary>
/// Stochastic gradient descent with PyTorch semantics (dampening 0): g += wd * p; buf = momentum * buf + g;
/// step direction buf, or g + momentum * buf with Nesterov; p -= lr * direction.
/// </summary>
public sealed class Sgd : Optimizer
{
    private readonly float[][]? _momentumBuffers;

    /// <summary>Plain SGD, or heavy-ball/Nesterov momentum when <paramref name="momentum"/> &gt; 0.</summary>
    public Sgd(IReadOnlyList<Tensor> parameters, float learningRate, float momentum = 0f, bool nesterov = false,
        float weightDecay = 0f, IReadOnlyList<Tensor>? gradientSources = null)
        : base(parameters, learningRate, gradientSources)
    {
        if (momentum < 0) throw new ArgumentOutOfRangeException(nameof(momentum), "Momentum must be >= 0.");
        if (nesterov && momentum <= 0) throw new ArgumentException("Nesterov momentum needs momentum > 0.");
        Momentum = momentum;
        Nesterov = nesterov;
        WeightDecay = weightDecay;
        if (momentum > 0) _momentumBuffers = CreateBuffers("momentum_buffer");
    }

    public float Momentum { get; }
    public bool Nesterov { get; }
    public float WeightDecay { get; }

    /// <inheritdoc />
    protected override void Update(int index, Span<float> p, ReadOnlySpan<float> grad)
    {
        float lr = LearningRate, wd = WeightDecay, mu = Momentum;
        // A zero buffer makes the first step buf = g, which is PyTorch's first-step initialisation.
        var buf = _momentumBuffers is null ? Span<float>.Empty : _momentumBuffers[index].AsSpan();
        for (int i = 0; i < p.Length; i++)
        {
            float g = grad[i] + wd * p[i];
            if (!buf.IsEmpty)
            {
                buf[i] = mu * buf[i] + g;
                g = Nesterov ? g + mu * buf[i] : buf[i];
            }
            p[i] -= lr * g;
        }
    }
}
