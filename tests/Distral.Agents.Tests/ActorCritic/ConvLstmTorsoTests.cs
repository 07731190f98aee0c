using Distral.Agents.ActorCritic;
using Distral.Nn;
using Distral.Tensors;

namespace Distral.Agents.Tests.ActorCritic;

public class ConvLstmTorsoTests
{
    // The tiny instance of the brief: one channel, 4x4 images, 3 steps of 2 environment copies.
    private const int Channels = 1, Side = 4, Steps = 3, Copies = 2, Hidden = 5;

    private static ConvLstmTorso TinyTorso(int seed, Activation activation = Activation.Relu) =>
        new(Channels, Side, Side, 2, 3, 6, Hidden, new Rng((ulong)seed), activation);

    private static float[] RandomValues(int count, Rng rng)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = rng.NextFloat(0, 1);
        return values;
    }

    private static LstmState RandomState(int rows, int hidden, Rng rng)
    {
        var state = new LstmState(rows, hidden);
        for (int i = 0; i < state.Hidden.Length; i++)
        {
            state.Hidden[i] = rng.NextFloat(-1, 1);
            state.Cell[i] = rng.NextFloat(-1, 1);
        }
        return state;
    }

    private static Tensor Observations(Graph g, float[] values, int rows) => g.Input(new Shape(rows, values.Length / rows), values);

    private static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float tolerance = 1e-5f)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"element {i}: expected {expected[i]}, got {actual[i]}");
    }

    [Fact]
    public void MazeTorsoHasTheDocumentedShapesAndNames()
    {
        var torso = new ConvLstmTorso(3, 7, 7, new Rng(1));
        Assert.True(torso.IsRecurrent);
        Assert.Equal(128, torso.FeatureSize);
        Assert.Equal(147, torso.ObservationSize);
        Assert.Equal(
            ["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "dense.weight", "dense.bias",
             "lstm.weight_ih", "lstm.weight_hh", "lstm.bias_ih", "lstm.bias_hh"],
            torso.NamedParameters().Select(p => p.Name));
        // 7x7 -> conv k3 s1 p1 -> 7x7 -> conv k3 s2 p1 -> 4x4, so the dense layer reads 32 * 16 values.
        Assert.Equal(new Shape(128, 32 * 4 * 4), torso.StateDict()["dense.weight"].Shape);

        var g = new Graph();
        var rng = new Rng(2);
        var state = torso.NewState(4);
        Assert.Equal(4, state.BatchSize);
        var features = torso.Features(g, Observations(g, RandomValues(5 * 4 * 147, rng), 5 * 4), state, default);
        Assert.Equal(new Shape(20, 128), features.Shape);
        Assert.All(features.ToArray(), v => Assert.True(float.IsFinite(v) && Math.Abs(v) < 1));
        Assert.Equal(features.ToArray().AsSpan(16 * 128).ToArray(), state.Hidden);

        // Same seed, same parameters; the stateless Forward is one step from zero state per row.
        var again = new ConvLstmTorso(3, 7, 7, new Rng(1));
        Assert.Equal(torso.Parameters().SelectMany(p => p.ToArray()), again.Parameters().SelectMany(p => p.ToArray()));
        var one = RandomValues(3 * 147, rng);
        AssertClose(torso.Features(g, Observations(g, one, 3), torso.NewState(3), default).ToArray(),
            torso.Forward(g, Observations(g, one, 3)).ToArray());
    }

    [Fact]
    public void RejectsObservationsOfTheWrongWidthOrRowCount()
    {
        var torso = TinyTorso(3);
        var g = new Graph();
        Assert.Throws<ArgumentException>(() => torso.Features(g, g.Zeros(new Shape(6, 15)), torso.NewState(Copies), default));
        Assert.Throws<ArgumentException>(() => torso.Features(g, g.Zeros(new Shape(5, 16)), torso.NewState(Copies), default));
        Assert.Throws<ArgumentException>(() => torso.Features(g, g.Zeros(new Shape(6, 16)), torso.NewState(Copies), new bool[4]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConvLstmTorso(0, 4, 4, new Rng(1)));
    }

    [Theory]
    [Trait("Category", "GradCheck")]
    [InlineData(Activation.Relu, false)]
    [InlineData(Activation.Relu, true)]
    [InlineData(Activation.Tanh, true)]
    public void UnrollGradientsMatchFiniteDifferences(Activation activation, bool withEpisodeStart)
    {
        var rng = new Rng(4);
        var torso = TinyTorso(5, activation);
        var pixels = Tensor.Parameter(new Shape(Steps * Copies, Channels * Side * Side));
        RandomValues(pixels.Size, rng).CopyTo(pixels.Span);
        var head = Tensor.Parameter(new Shape(2, Hidden));
        for (int i = 0; i < head.Size; i++) head.Span[i] = rng.NextFloat(-1, 1);
        var start = RandomState(Copies, Hidden, rng);
        var state = new LstmState(Copies, Hidden);
        var flags = new bool[Steps * Copies];
        if (withEpisodeStart) flags[1 * Copies + 1] = true;
        var r = GradientCheck.Check(g =>
        {
            state.CopyFrom(start); // every evaluation unrolls from the same carried state
            return g.Sum(g.Linear(torso.Features(g, pixels, state, flags), head, null, Activation.Tanh));
        }, torso.Parameters().Append(pixels).Append(head).ToList(), 1e-3f);
        Assert.True(r.MaxError < 1e-2, r.ToString());
    }

    [Fact]
    public void EpisodeStartGivesTheFeaturesOfAFreshState()
    {
        var rng = new Rng(6);
        var torso = TinyTorso(7);
        var frames = RandomValues(Steps * Copies * 16, rng);
        var flags = new bool[Steps * Copies];
        flags[1 * Copies + 1] = true; // copy 1 starts a new episode at step 1
        var g = new Graph();
        var carried = torso.Features(g, Observations(g, frames, Steps * Copies), RandomState(Copies, Hidden, rng), flags).ToArray();
        // Steps 1.. of the same frames from a zeroed state.
        var fresh = torso.Features(g, Observations(g, frames[(Copies * 16)..], (Steps - 1) * Copies), torso.NewState(Copies), default)
            .ToArray();
        for (int t = 1; t < Steps; t++)
        {
            AssertClose(fresh.AsSpan(((t - 1) * Copies + 1) * Hidden, Hidden), carried.AsSpan((t * Copies + 1) * Hidden, Hidden));
            // Copy 0 kept its carried state, so its features differ from a fresh start.
            Assert.NotEqual(fresh.AsSpan((t - 1) * Copies * Hidden, Hidden).ToArray(), carried.AsSpan(t * Copies * Hidden, Hidden).ToArray());
        }
    }

    [Fact]
    public void TwoCallsCarryTheStateLikeOneLongerUnroll()
    {
        var rng = new Rng(8);
        var torso = TinyTorso(9);
        const int LongSteps = 4;
        var frames = RandomValues(LongSteps * Copies * 16, rng);
        var flags = new bool[LongSteps * Copies];
        flags[3 * Copies] = true;
        var start = RandomState(Copies, Hidden, rng);
        var g = new Graph();

        var once = start.Clone();
        var whole = torso.Features(g, Observations(g, frames, LongSteps * Copies), once, flags).ToArray();

        var twice = start.Clone();
        int half = 2 * Copies;
        var first = torso.Features(g, Observations(g, frames[..(half * 16)], half), twice, flags.AsSpan(0, half)).ToArray();
        var second = torso.Features(g, Observations(g, frames[(half * 16)..], half), twice, flags.AsSpan(half)).ToArray();
        AssertClose(whole, first.Concat(second).ToArray());
        AssertClose(once.Hidden, twice.Hidden);
        AssertClose(once.Cell, twice.Cell);
        Assert.NotEqual(start.Hidden, once.Hidden);
    }

    [Fact]
    public void GradientStopsAtTheCallBoundary()
    {
        var rng = new Rng(10);
        var torso = TinyTorso(11);
        var earlier = Tensor.Parameter(new Shape(Copies, 16));
        var later = Tensor.Parameter(new Shape(Copies, 16));
        RandomValues(earlier.Size, rng).CopyTo(earlier.Span);
        RandomValues(later.Size, rng).CopyTo(later.Span);
        var state = torso.NewState(Copies);
        var g = new Graph();
        torso.Features(g, earlier, state, default);
        g.Backward(g.Sum(torso.Features(g, later, state, default)));
        Assert.Contains(later.Grad.ToArray(), v => v != 0);
        Assert.All(earlier.Grad.ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void SteadyStateTrainingStepAllocatesNothing()
    {
        var rng = new Rng(12);
        var torso = new ConvLstmTorso(3, 7, 7, 8, 16, 32, 32, rng);
        const int Rows = 4, Unroll = 5;
        var frames = RandomValues(Unroll * Rows * 147, rng);
        var flags = new bool[Unroll * Rows];
        flags[2 * Rows + 3] = true;
        var state = torso.NewState(Rows);
        var parameters = torso.Parameters();
        var optimizer = new Adam(parameters, 1e-3f);
        var g = new Graph();
        void TrainingStep()
        {
            optimizer.ZeroGrad();
            var features = torso.Features(g, g.Input(new Shape(Unroll * Rows, 147), frames), state, flags);
            g.Backward(g.Sum(features));
            g.Reset();
            optimizer.Step();
            // Acting: one step at a time, no gradient.
            using (g.NoGrad()) torso.Features(g, g.Input(new Shape(Rows, 147), frames.AsSpan(0, Rows * 147)), state, default);
            g.Reset();
        }
        for (int i = 0; i < 3; i++) TrainingStep();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++) TrainingStep();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>
    /// Supervised proof that backprop through time works through the whole torso: a cue image (bright top or bright
    /// bottom half) is shown at step 0, then two blank frames; only the last step's features must say which cue it
    /// was. Features of a feed-forward torso at step 2 are identical for both cues, so only memory can solve it.
    /// </summary>
    [Fact]
    public void LearnsToRememberACueOverThreeSteps()
    {
        var rng = new Rng(13);
        var torso = new ConvLstmTorso(1, 4, 4, 4, 8, 16, 16, rng);
        var head = new Linear(torso.FeatureSize, 2, rng);
        var parameters = torso.Parameters().Concat(head.Parameters()).ToList();
        var optimizer = new Adam(parameters, 1e-2f);
        const int Batch = 16, T = 3, Pixels = 16;
        var frames = new float[T * Batch * Pixels];
        var cues = new int[Batch];
        var g = new Graph();

        float Accuracy(out float loss)
        {
            var state = torso.NewState(Batch);
            var features = torso.Features(g, g.Input(new Shape(T * Batch, Pixels), frames), state, default);
            // Only the last step is scored: the cue must have been carried through two blank frames.
            var logits = head.Forward(g, g.Narrow(features, 0, (T - 1) * Batch, Batch));
            var logProbabilities = g.LogSoftmax(logits);
            var nll = g.Neg(g.Mean(g.Gather(logProbabilities, cues)));
            loss = nll.Item();
            int right = 0;
            var values = logits.ToArray();
            for (int n = 0; n < Batch; n++)
                if ((values[2 * n + 1] > values[2 * n]) == (cues[n] == 1)) right++;
            if (g.GradEnabled) g.Backward(nll);
            return right / (float)Batch;
        }

        void NewBatch()
        {
            Array.Clear(frames);
            for (int n = 0; n < Batch; n++)
            {
                cues[n] = rng.NextInt(2);
                int firstRow = cues[n] == 0 ? 0 : 2;
                for (int p = firstRow * 4; p < (firstRow + 2) * 4; p++) frames[n * Pixels + p] = 1f;
                // Noise on the blank frames so the network cannot rely on exact zeros downstream.
                for (int t = 1; t < T; t++)
                    for (int p = 0; p < Pixels; p++) frames[(t * Batch + n) * Pixels + p] = 0.1f * rng.NextFloat(0, 1);
            }
        }

        NewBatch();
        float initialLoss;
        using (g.NoGrad()) Accuracy(out initialLoss);
        g.Reset();
        for (int step = 0; step < 300; step++)
        {
            NewBatch();
            optimizer.ZeroGrad();
            Accuracy(out _);
            g.Reset();
            optimizer.Step();
        }
        float accuracy = 0, finalLoss = 0;
        for (int trial = 0; trial < 4; trial++)
        {
            NewBatch();
            float loss;
            using (g.NoGrad()) accuracy += Accuracy(out loss) / 4;
            finalLoss += loss / 4;
            g.Reset();
        }
        Assert.True(accuracy >= 0.95f && finalLoss < 0.2f * initialLoss,
            $"accuracy {accuracy}, loss {finalLoss} after training (initial loss {initialLoss})");
    }
}
