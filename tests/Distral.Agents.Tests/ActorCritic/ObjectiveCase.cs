using Distral.Agents.ActorCritic;
using Distral.Tensors;

namespace Distral.Agents.Tests.ActorCritic;

/// <summary>
/// A small rollout of <see cref="Tasks"/> x <see cref="Copies"/> rows with network outputs (free parameters, not a
/// network), run through <see cref="ActorCriticObjective"/>, and a double-precision reference of the same loss written
/// straight from the equations, for the tests to compare.
/// </summary>
internal sealed class ObjectiveCase
{
    public const int Actions = 3;

    public ObjectiveCase(ActorCriticOptions options, int tasks, int copies)
    {
        Options = options;
        Tasks = tasks;
        Copies = copies;
        Rollout = new ActorCriticRollout(Steps, Rows, 1);
        Logits = [.. Enumerable.Range(0, tasks).Select(_ => new float[(Steps + 1) * copies * Actions])];
        Values = [.. Enumerable.Range(0, tasks).Select(_ => new float[(Steps + 1) * copies])];
        H = new float[(Steps + 1) * Rows * Actions];
    }

    public ActorCriticOptions Options { get; }
    public int Tasks { get; }
    public int Copies { get; }
    public int Steps => Options.UnrollLength;
    public int Rows => Tasks * Copies;
    public ActorCriticRollout Rollout { get; }

    /// <summary>Per local task: logits of pi_i [(n+1)W, A] and V_i [(n+1)W]; h [(n+1)M, A].</summary>
    public float[][] Logits { get; }
    public float[][] Values { get; }
    public float[] H { get; }

    /// <summary>A random case: outputs, rewards, ends of episodes (terminal or cut by the time limit) and actions.</summary>
    public static ObjectiveCase Random(ActorCriticOptions options, int tasks, int copies, ulong seed)
    {
        var c = new ObjectiveCase(options, tasks, copies);
        var rng = new Rng(seed);
        foreach (var l in c.Logits) Fill(l, rng, -2f, 2f);
        foreach (var v in c.Values) Fill(v, rng, -3f, 3f);
        Fill(c.H, rng, -2f, 2f);
        var r = c.Rollout;
        for (int k = 0; k < r.Actions.Length; k++)
        {
            r.Actions[k] = rng.NextInt(Actions);
            r.Rewards[k] = rng.NextFloat(-1f, 1f);
            float u = rng.NextFloat();
            r.Terminated[k] = u < 0.2f;
            r.Truncated[k] = !r.Terminated[k] && u < 0.35f;
            r.TruncationValues[k] = r.Truncated[k] ? rng.NextFloat(-2f, 2f) : 0f;
        }
        return c;
    }

    private static void Fill(float[] x, Rng rng, float low, float high)
    {
        for (int i = 0; i < x.Length; i++) x[i] = rng.NextFloat(low, high);
    }

    /// <summary>The objective's loss and the gradients of its total on the logits, values and h.</summary>
    public (ActorCriticLoss Loss, float[][] LogitGrads, float[][] ValueGrads, float[] HGrad) Run()
    {
        var g = new Graph();
        var outputs = new ActorCriticOutputs(Tasks);
        for (int i = 0; i < Tasks; i++)
        {
            outputs.TaskLogits[i] = Parameter(new Shape((Steps + 1) * Copies, Actions), Logits[i]);
            outputs.Values[i] = Parameter(new Shape((Steps + 1) * Copies), Values[i]);
        }
        outputs.HLogits = Parameter(new Shape((Steps + 1) * Rows, Actions), H);
        var loss = new ActorCriticObjective(Options, Tasks, Copies, Actions).Loss(g, Rollout, outputs);
        g.Backward(loss.Total);
        return (loss, [.. outputs.TaskLogits.Select(t => t.Grad.ToArray())], [.. outputs.Values.Select(t => t.Grad.ToArray())],
            outputs.HLogits.Grad.ToArray());
    }

    private static Tensor Parameter(Shape shape, float[] values)
    {
        var t = Tensor.Parameter(shape);
        values.CopyTo(t.Span);
        return t;
    }

    /// <summary>The loss's constants at the case's outputs: advantages, returns, pi_i and log pi_0 per task row.</summary>
    public sealed record Constants(double[][] Advantages, double[][] Returns, double[][] TaskProbs, double[][] LogPi0);

    /// <summary>The parts of the loss (and the mean entropy of pi_i) at given outputs, constants held fixed.</summary>
    public sealed record Parts(double PolicyGradient, double Value, double Regulariser, double Distillation, double Entropy, double Total);

    public Constants Freeze()
    {
        float alpha = Options.Alpha, beta = Options.Beta;
        int n = Steps, w = Copies, m = Rows;
        var advantages = new double[Tasks][];
        var returns = new double[Tasks][];
        var probs = new double[Tasks][];
        var logPi0 = new double[Tasks][];
        for (int i = 0; i < Tasks; i++)
        {
            advantages[i] = new double[n * w];
            returns[i] = new double[n * w];
            probs[i] = new double[n * w * Actions];
            logPi0[i] = new double[n * w * Actions];
            for (int c = 0; c < w; c++)
            {
                double next = Values[i][n * w + c];
                for (int t = n - 1; t >= 0; t--)
                {
                    int r = t * w + c, k = t * m + i * w + c;
                    var lp = LogSoftmax(Logits[i], r);
                    var lp0 = Options.HasKl ? LogSoftmax(H, k) : new double[Actions];
                    double Regulariser(int a) => alpha == 0 ? -lp[a] / beta : (alpha * lp0[a] - lp[a]) / beta;
                    double mean = 0;
                    for (int a = 0; a < Actions; a++) mean += Math.Exp(lp[a]) * Regulariser(a);
                    int taken = Rollout.Actions[k];
                    double reward = Rollout.Rewards[k] + (Options.Regulariser == RegulariserForm.PerState ? 0 : Regulariser(taken));
                    if (Rollout.Terminated[k]) next = 0;
                    else if (Rollout.Truncated[k]) next = Rollout.TruncationValues[k];
                    next = reward + Options.Gamma * next;
                    returns[i][r] = next;
                    double correction = Options.Regulariser == RegulariserForm.ExpectedNow ? Regulariser(taken) - mean : 0;
                    advantages[i][r] = next - Values[i][r] - correction;
                    for (int a = 0; a < Actions; a++)
                    {
                        probs[i][r * Actions + a] = Math.Exp(lp[a]);
                        logPi0[i][r * Actions + a] = lp0[a];
                    }
                }
            }
        }
        return new Constants(advantages, returns, probs, logPi0);
    }

    /// <summary>The loss terms, in double, at outputs <paramref name="logits"/>, <paramref name="values"/>, <paramref name="h"/>.</summary>
    public Parts Evaluate(Constants k, double[][] logits, double[][] values, double[] h)
    {
        float alpha = Options.Alpha, beta = Options.Beta;
        int n = Steps, w = Copies, m = Rows;
        double scale = 1.0 / (n * w), pg = 0, value = 0, regulariser = 0, distill = 0, entropy = 0;
        for (int i = 0; i < Tasks; i++)
        {
            for (int t = 0; t < n; t++)
            {
                for (int c = 0; c < w; c++)
                {
                    int r = t * w + c, row = t * m + i * w + c;
                    var lp = LogSoftmax(logits[i], r);
                    pg -= scale * k.Advantages[i][r] * lp[Rollout.Actions[row]];
                    double error = values[i][r] - k.Returns[i][r];
                    value += scale * 0.5 * error * error;
                    var lp0 = LogSoftmax(h, row);
                    for (int a = 0; a < Actions; a++)
                    {
                        double p = Math.Exp(lp[a]);
                        entropy -= p * lp[a];
                        if (Options.Regulariser != RegulariserForm.Sampled)
                            regulariser -= scale * p * ((alpha > 0 ? alpha / beta * k.LogPi0[i][r * Actions + a] : 0) - lp[a] / beta);
                        if (Options.HasKl) distill -= alpha / beta * scale * k.TaskProbs[i][r * Actions + a] * lp0[a];
                    }
                }
            }
        }
        return new Parts(pg, value, regulariser, distill, entropy / (n * m), pg + Options.ValueLossCoefficient * value + regulariser + distill);
    }

    /// <summary>The parts at the case's own outputs.</summary>
    public Parts Reference() => Evaluate(Freeze(), ToDouble(Logits), ToDouble(Values), [.. H.Select(x => (double)x)]);

    public static double[][] ToDouble(float[][] x) => [.. x.Select(row => row.Select(v => (double)v).ToArray())];

    private static double[] LogSoftmax(IReadOnlyList<double> x, int row)
    {
        double max = double.NegativeInfinity, sum = 0;
        for (int a = 0; a < Actions; a++) max = Math.Max(max, x[row * Actions + a]);
        for (int a = 0; a < Actions; a++) sum += Math.Exp(x[row * Actions + a] - max);
        var result = new double[Actions];
        for (int a = 0; a < Actions; a++) result[a] = x[row * Actions + a] - max - Math.Log(sum);
        return result;
    }

    private static double[] LogSoftmax(float[] x, int row) => LogSoftmax(x.Skip(row * Actions).Take(Actions).Select(v => (double)v).ToArray(), 0);
}
