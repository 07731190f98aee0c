using Distral.Tensors;

namespace Distral.Nn.Tests;

public class LstmModuleTests
{
    private const int Batch = 3, In = 4, Hidden = 5;

    private static Tensor RandomParameter(Shape s, Rng rng)
    {
        var t = Tensor.Parameter(s);
        for (int i = 0; i < t.Size; i++) t.Span[i] = rng.NextFloat(-1, 1);
        return t;
    }

    private static float[] RandomValues(int count, Rng rng) => Enumerable.Range(0, count).Select(_ => rng.NextFloat(-1, 1)).ToArray();

    private static LstmState RandomState(Rng rng)
    {
        var s = new LstmState(Batch, Hidden);
        RandomValues(Batch * Hidden, rng).CopyTo(s.Hidden, 0);
        RandomValues(Batch * Hidden, rng).CopyTo(s.Cell, 0);
        return s;
    }

    private static List<Tensor> Inputs(Graph g, float[][] steps) => steps.Select(v => g.Input(new Shape(Batch, In), v)).ToList();

    [Fact]
    public void HasPyTorchNamesShapesAndSeededDefaultInit()
    {
        var lstm = new Lstm(In, Hidden, new Rng(1));
        var again = new Lstm(In, Hidden, new Rng(1));
        Assert.Equal(["weight_ih", "weight_hh", "bias_ih", "bias_hh"], lstm.NamedParameters().Select(p => p.Name));
        Assert.Equal(new Shape(4 * Hidden, In), lstm.WeightIh.Shape);
        Assert.Equal(new Shape(4 * Hidden, Hidden), lstm.WeightHh.Shape);
        float bound = 1f / MathF.Sqrt(Hidden);
        foreach (var (p, q) in lstm.Parameters().Zip(again.Parameters()))
        {
            Assert.Equal(p.ToArray(), q.ToArray());
            Assert.All(p.ToArray(), v => Assert.InRange(v, -bound, bound));
        }
        Assert.Equal(2, new Lstm(In, Hidden, new Rng(1), bias: false).Parameters().Count);
    }

    [Fact]
    public void UnrollMatchesStepByStepAndTimeMajorAndCarriesTheState()
    {
        var rng = new Rng(2);
        var lstm = new Lstm(In, Hidden, rng);
        var steps = Enumerable.Range(0, 4).Select(_ => RandomValues(Batch * In, rng)).ToArray();
        var start = RandomState(rng);
        var g = new Graph();

        var unrolled = start.Clone();
        var outputs = lstm.Unroll(g, Inputs(g, steps), unrolled);

        var stepped = start.Clone();
        for (int t = 0; t < steps.Length; t++)
            Assert.Equal(outputs[t].ToArray(), lstm.Step(g, g.Input(new Shape(Batch, In), steps[t]), stepped).ToArray());
        Assert.Equal(unrolled.Hidden, stepped.Hidden);
        Assert.Equal(unrolled.Cell, stepped.Cell);
        Assert.Equal(outputs[^1].ToArray(), unrolled.Hidden);

        // Two unrolls of two steps continue from each other exactly like one of four.
        var split = start.Clone();
        var firstHalf = lstm.Unroll(g, Inputs(g, steps[..2]), split);
        var secondHalf = lstm.Unroll(g, Inputs(g, steps[2..]), split);
        Assert.Equal(outputs[3].ToArray(), secondHalf[1].ToArray());
        Assert.Equal(unrolled.Cell, split.Cell);

        var timeMajor = start.Clone();
        var flat = lstm.UnrollTimeMajor(g, g.Input(new Shape(4 * Batch, In), steps.SelectMany(v => v).ToArray()), timeMajor);
        Assert.Equal(new Shape(4 * Batch, Hidden), flat.Shape);
        Assert.Equal(outputs.SelectMany(o => o.ToArray()), flat.ToArray());
        Assert.Equal(unrolled.Cell, timeMajor.Cell);
        Assert.NotEqual(start.Hidden, unrolled.Hidden);
        _ = firstHalf;
    }

    [Fact]
    public void EpisodeStartsMatchResettingTheRowBetweenUnrolls()
    {
        var rng = new Rng(4);
        var lstm = new Lstm(In, Hidden, rng);
        var steps = Enumerable.Range(0, 3).Select(_ => RandomValues(Batch * In, rng)).ToArray();
        var start = RandomState(rng);
        var g = new Graph();

        var flags = new bool[3 * Batch];
        flags[2 * Batch + 1] = true; // row 1 begins a new episode at step 2
        var masked = start.Clone();
        var outputs = lstm.Unroll(g, Inputs(g, steps), masked, flags);

        var manual = start.Clone();
        lstm.Unroll(g, Inputs(g, steps[..2]), manual);
        manual.ResetRow(1);
        var last = lstm.Unroll(g, Inputs(g, steps[2..]), manual);
        Assert.Equal(last[0].ToArray(), outputs[2].ToArray());
        Assert.Equal(manual.Cell, masked.Cell);

        var fresh = new LstmState(Batch, Hidden);
        Assert.Equal(fresh.HiddenRow(0).ToArray(), new float[Hidden]);
        manual.Reset();
        Assert.Equal(fresh.Hidden, manual.Hidden);
        Assert.Throws<ArgumentException>(() => lstm.Unroll(g, Inputs(g, steps), masked, new bool[2]));
    }

    [Fact]
    public void GradientDoesNotFlowIntoThePreviousUnroll()
    {
        var rng = new Rng(5);
        var lstm = new Lstm(In, Hidden, rng);
        var earlier = Enumerable.Range(0, 2).Select(_ => RandomParameter(new Shape(Batch, In), rng)).ToList();
        var later = Enumerable.Range(0, 2).Select(_ => RandomParameter(new Shape(Batch, In), rng)).ToList();
        var state = new LstmState(Batch, Hidden);
        var g = new Graph();
        var first = lstm.Unroll(g, earlier, state);
        var second = lstm.Unroll(g, later, state);
        g.Backward(g.Sum(second[1]));
        // The later inputs and the weights get gradient; the earlier inputs (and outputs) get none.
        Assert.Contains(later[0].Grad.ToArray(), v => v != 0);
        Assert.Contains(lstm.WeightHh.Grad.ToArray(), v => v != 0);
        Assert.All(earlier, x => Assert.All(x.Grad.ToArray(), v => Assert.Equal(0f, v)));
        Assert.False(first[1].HasGrad);

        // Within one unroll the gradient does reach the first step.
        var together = earlier.Concat(later).ToList();
        foreach (var x in together) x.ZeroGrad();
        g.Reset();
        g.Backward(g.Sum(lstm.Unroll(g, together, new LstmState(Batch, Hidden))[^1]));
        Assert.Contains(earlier[0].Grad.ToArray(), v => v != 0);
    }

    [Theory]
    [Trait("Category", "GradCheck")]
    [InlineData(false)]
    [InlineData(true)]
    public void ThreeStepUnrollGradientsMatchFiniteDifferences(bool withEpisodeStart)
    {
        var rng = new Rng(6);
        var lstm = new Lstm(In, Hidden, rng);
        var inputs = Enumerable.Range(0, 3).Select(_ => RandomParameter(new Shape(Batch, In), rng)).ToList();
        var head = RandomParameter(new Shape(2, Hidden), rng);
        var start = RandomState(rng);
        var state = new LstmState(Batch, Hidden);
        var flags = new bool[3 * Batch];
        if (withEpisodeStart) flags[Batch + 2] = true;
        var checkedTensors = lstm.Parameters().Concat(inputs).Append(head).ToList();
        var r = GradientCheck.Check(g =>
        {
            state.CopyFrom(start); // every evaluation starts from the same state
            var outputs = lstm.Unroll(g, inputs, state, flags);
            var loss = g.Sum(g.Linear(outputs[0], head, null, Activation.Tanh));
            for (int t = 1; t < outputs.Count; t++) loss = g.Add(loss, g.Sum(g.Linear(outputs[t], head, null, Activation.Tanh)));
            return loss;
        }, checkedTensors, 1e-3f);
        Assert.True(r.MaxError < 1e-2, r.ToString());
    }

    [Fact]
    [Trait("Category", "GradCheck")]
    public void TimeMajorUnrollGradientsMatchFiniteDifferences()
    {
        var rng = new Rng(7);
        var lstm = new Lstm(In, Hidden, rng);
        var x = RandomParameter(new Shape(3 * Batch, In), rng);
        var head = RandomParameter(new Shape(2, Hidden), rng);
        var state = new LstmState(Batch, Hidden);
        var r = GradientCheck.Check(g =>
        {
            state.Reset();
            return g.Sum(g.Linear(lstm.UnrollTimeMajor(g, x, state), head, null, Activation.Tanh));
        }, lstm.Parameters().Append(x).Append(head).ToList(), 1e-3f);
        Assert.True(r.MaxError < 1e-2, r.ToString());
    }

    [Fact]
    public void ForwardIsOneStepFromZeroState()
    {
        var rng = new Rng(8);
        var lstm = new Lstm(In, Hidden, rng);
        var values = RandomValues(Batch * In, rng);
        var g = new Graph();
        var viaForward = lstm.Forward(g, g.Input(new Shape(Batch, In), values)).ToArray();
        var viaStep = lstm.Step(g, g.Input(new Shape(Batch, In), values), lstm.NewState(Batch)).ToArray();
        Assert.Equal(viaStep, viaForward);
    }

    [Fact]
    public void SteadyStateConvLstmTrainingStepAllocatesNothing()
    {
        var rng = new Rng(9);
        var conv = new Conv2d(2, 3, 3, rng, stride: 2, padding: 1, activation: Activation.Relu);
        var lstm = new Lstm(3 * 3 * 3, Hidden, rng);
        var frames = RandomValues(2 * Batch * 2 * 5 * 5, rng);
        var flags = new bool[2 * Batch];
        flags[Batch] = true;
        var state = new LstmState(Batch, Hidden);
        var g = new Graph();
        void TrainingStep()
        {
            var x = g.Input(new Shape(2 * Batch, 2, 5, 5), frames);
            var features = g.Reshape(conv.Forward(g, x), new Shape(2 * Batch, 27));
            g.Backward(g.Sum(lstm.UnrollTimeMajor(g, features, state, flags)));
            g.Reset();
        }
        for (int i = 0; i < 3; i++) TrainingStep();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++) TrainingStep();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
