namespace Distral.Tensors;

/// <summary>
/// Compares reverse-mode gradients with central finite differences. Used by the test suites for every op
/// and module, and available to users who add their own ops.
/// </summary>
public static class GradientCheck
{
    /// <summary>The worst disagreement found, and where.</summary>
    public readonly record struct Result(float MaxError, int TensorIndex, int ElementIndex, float Analytic, float Numeric)
    {
        public override string ToString() =>
            $"max error {MaxError:G4} at input {TensorIndex}[{ElementIndex}]: analytic {Analytic:G6}, numeric {Numeric:G6}";
    }

    /// <summary>
    /// Evaluates <paramref name="loss"/> (which must build a one-element tensor from <paramref name="inputs"/>,
    /// all parameters) and checks d(loss)/d(input) for each element. The error is
    /// |analytic - numeric| / max(1, |analytic|, |numeric|), so it is absolute near zero and relative elsewhere.
    /// </summary>
    public static Result Check(Func<Graph, Tensor> loss, IReadOnlyList<Tensor> inputs, float epsilon = 1e-2f)
    {
        var g = new Graph();
        foreach (var p in inputs)
        {
            if (!p.IsParameter) throw new ArgumentException("GradientCheck inputs must be parameters.");
            p.ZeroGrad();
        }
        var l = loss(g);
        g.Backward(l);
        var analytic = inputs.Select(p => p.Grad.ToArray()).ToArray();
        g.Reset();

        var worst = new Result(0, -1, -1, 0, 0);
        for (int ti = 0; ti < inputs.Count; ti++)
        {
            var p = inputs[ti];
            var data = p.Span;
            for (int i = 0; i < data.Length; i++)
            {
                float keep = data[i];
                data[i] = keep + epsilon;
                double plus = Evaluate(g, loss);
                data[i] = keep - epsilon;
                double minus = Evaluate(g, loss);
                data[i] = keep;
                float numeric = (float)((plus - minus) / (2.0 * epsilon));
                float a = analytic[ti][i];
                float err = Math.Abs(a - numeric) / Math.Max(1f, Math.Max(Math.Abs(a), Math.Abs(numeric)));
                if (float.IsNaN(err)) err = float.PositiveInfinity;
                if (err > worst.MaxError || worst.TensorIndex < 0) worst = new Result(err, ti, i, a, numeric);
            }
        }
        return worst;
    }

    private static double Evaluate(Graph g, Func<Graph, Tensor> loss)
    {
        using var _ = g.NoGrad();
        double v = loss(g).Item();
        g.Reset();
        return v;
    }
}
