using Distral.Tensors;

namespace Distral.Nn;

/// <summary>
/// loss = mean_i f(p_i - t_i) for MSE / Huber / smooth L1; dp_i += dy f'(d_i) / n and dt_i -= the same.
/// I0 = kind, F0 = delta or beta. Sums in double so large batches stay accurate.
/// </summary>
internal sealed class ElementwiseLossOp : Op
{
    internal enum Kind { Mse, Huber, SmoothL1 }

    public static readonly ElementwiseLossOp Instance = new();
    public override string Name => "elementwise_loss";

    public static Tensor Forward(Graph g, Tensor p, Tensor t, Kind kind, float parameter)
    {
        if (p.Shape != t.Shape)
            throw new ArgumentException($"Loss needs prediction and target of the same shape, got {p.Shape} and {t.Shape}.");
        if (p.Size == 0) throw new ArgumentException("Loss of an empty tensor is undefined.");
        var y = g.Record(Instance, Shape.Scalar, p, t);
        y.I0 = (int)kind;
        y.F0 = parameter;
        var ps = p.Span;
        var ts = t.Span;
        double sum = 0;
        for (int i = 0; i < ps.Length; i++) sum += Value(ps[i] - ts[i], kind, parameter);
        y.Span[0] = (float)(sum / ps.Length);
        return y;
    }

    public override void Backward(Graph g, Tensor y)
    {
        Tensor p = y.A!, t = y.B!;
        var kind = (Kind)y.I0;
        float parameter = y.F0;
        float scale = y.Grad[0] / p.Size;
        var ps = p.Span;
        var ts = t.Span;
        var dp = p.RequiresGrad ? g.GradOf(p) : Span<float>.Empty;
        var dt = t.RequiresGrad ? g.GradOf(t) : Span<float>.Empty;
        for (int i = 0; i < ps.Length; i++)
        {
            float d = scale * Derivative(ps[i] - ts[i], kind, parameter);
            if (!dp.IsEmpty) dp[i] += d;
            if (!dt.IsEmpty) dt[i] -= d;
        }
    }

    private static double Value(float d, Kind kind, float parameter)
    {
        double a = Math.Abs((double)d);
        return kind switch
        {
            Kind.Mse => (double)d * d,
            Kind.Huber => a <= parameter ? 0.5 * a * a : parameter * (a - 0.5 * parameter),
            _ => a < parameter ? 0.5 * a * a / parameter : a - 0.5 * parameter,
        };
    }

    private static float Derivative(float d, Kind kind, float parameter) => kind switch
    {
        Kind.Mse => 2f * d,
        Kind.Huber => Math.Clamp(d, -parameter, parameter),
        _ => MathF.Abs(d) < parameter ? d / parameter : MathF.Sign(d),
    };
}
