using Distral.Nn;
using Distral.Tensors;

namespace Distral.Agents.PolicyDistillation;

/// <summary>
/// The losses that fit a multitask student to per-task teachers, for one task's batch of B states with the
/// teacher's Q-values q [B, A] and the student's outputs z [B, A] (Rusu et al. 2016, "Policy Distillation";
/// Parisotto et al. 2016, "Actor-Mimic"). The teacher is a constant: no gradient reaches it.
/// <list type="number">
/// <item>NLL: L = -(1/B) sum_r log softmax(z_r)[argmax_a q_r]: only the teacher's best action is kept.</item>
/// <item>MSE: L = (1/B) sum_r ||q_r - z_r||^2: the student learns the Q-values themselves (their scale included).</item>
/// <item>KL with temperature tau: L = (1/B) sum_r sum_a p_r(a) (log p_r(a) - log softmax(z_r)(a)) with
/// p_r = softmax(q_r / tau). A small tau sharpens the teacher (tau -> 0 gives the NLL loss). Actor-Mimic's policy
/// regression, the cross-entropy to the Boltzmann teacher, differs from it by the teacher's entropy, a constant.</item>
/// <item>Feature regression (Actor-Mimic): L_f = beta (1/B) sum_r ||g_i(h_r) - phi_r||^2, where h is the student's last
/// hidden layer, g_i a per-task linear map and phi the teacher's last hidden layer (the sizes may differ).</item>
/// </list>
/// A student update minimises the sum over tasks of the task losses.
/// </summary>
public sealed class PolicyDistillationObjective(PolicyDistillationOptions options)
{
    private readonly PolicyDistillationOptions _options = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>
    /// The task's policy loss for student outputs <paramref name="z"/> [B, A] and the teacher's Q-values
    /// <paramref name="q"/> (B x A, row-major). <paramref name="scratch"/> (B x A floats) and <paramref name="actions"/>
    /// (B ints) hold the targets built from q.
    /// </summary>
    public Tensor PolicyLoss(Graph g, Tensor z, ReadOnlySpan<float> q, Span<float> scratch, Span<int> actions)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(z);
        int rows = z.Shape[0], a = z.Shape.Last;
        switch (_options.Loss)
        {
            case StudentLoss.Nll:
                for (int r = 0; r < rows; r++) actions[r] = PolicyMath.ArgMax(q.Slice(r * a, a));
                return Nll(g, z, actions[..rows]);
            case StudentLoss.Mse:
                return Mse(g, z, g.Input(z.Shape, q[..(rows * a)]));
            default:
                var logP = scratch[..(rows * a)];
                for (int r = 0; r < rows; r++) LogSoftmaxAtTemperature(q.Slice(r * a, a), _options.Tau, logP.Slice(r * a, a));
                return Kl(g, z, g.Input(z.Shape, logP));
        }
    }

    /// <summary>-(1/B) sum_r log softmax(z_r)[a_r] for the teacher's best actions <paramref name="bestActions"/>.</summary>
    public static Tensor Nll(Graph g, Tensor z, ReadOnlySpan<int> bestActions)
    {
        ArgumentNullException.ThrowIfNull(g);
        var picked = g.Gather(g.LogSoftmax(z), bestActions);
        return g.MulScalar(g.Sum(picked), -1f / bestActions.Length);
    }

    /// <summary>(1/B) sum_r ||q_r - z_r||^2 for the teacher's Q-values <paramref name="q"/> [B, A].</summary>
    public static Tensor Mse(Graph g, Tensor z, Tensor q)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(z);
        var error = g.Sub(z, q);
        return g.MulScalar(g.Sum(g.Mul(error, error)), 1f / z.Shape[0]);
    }

    /// <summary>
    /// (1/B) sum_r sum_a p (log p - log softmax(z)) for the teacher's log-probabilities <paramref name="logP"/> [B, A]
    /// (log softmax(q / tau), see <see cref="LogSoftmaxAtTemperature"/>).
    /// </summary>
    public static Tensor Kl(Graph g, Tensor z, Tensor logP)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(z);
        var p = g.Exp(logP);
        return g.MulScalar(g.Sum(g.Mul(p, g.Sub(logP, g.LogSoftmax(z)))), 1f / z.Shape[0]);
    }

    /// <summary>beta (1/B) sum_r ||predicted_r - teacherFeatures_r||^2 (Actor-Mimic's feature regression).</summary>
    public Tensor FeatureLoss(Graph g, Tensor predicted, Tensor teacherFeatures)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(predicted);
        var error = g.Sub(predicted, teacherFeatures);
        return g.MulScalar(g.Sum(g.Mul(error, error)), _options.FeatureBeta / predicted.Shape[0]);
    }

    /// <summary>destination = log softmax(q / tau), stable for small tau (the maximum is subtracted first).</summary>
    public static void LogSoftmaxAtTemperature(ReadOnlySpan<float> q, float tau, Span<float> destination)
    {
        float max = float.NegativeInfinity;
        foreach (float v in q) max = MathF.Max(max, v);
        float sum = 0;
        for (int k = 0; k < q.Length; k++) sum += MathF.Exp((q[k] - max) / tau);
        float logSum = MathF.Log(sum);
        for (int k = 0; k < q.Length; k++) destination[k] = (q[k] - max) / tau - logSum;
    }
}
