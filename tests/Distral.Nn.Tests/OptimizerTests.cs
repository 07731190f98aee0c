using Distral.Tensors;

namespace Distral.Nn.Tests;

/// <summary>
/// Each optimizer against PyTorch's update rule evaluated by hand (in double) for three steps on
/// p0 = [1, -2] with gradients [0.5, -1], [0.1, 0.2], [-0.3, 0.4].
/// </summary>
public class OptimizerTests
{
    private static readonly float[][] Grads = [[0.5f, -1f], [0.1f, 0.2f], [-0.3f, 0.4f]];

    private static Tensor NewParameter()
    {
        var p = Tensor.Parameter(new Shape(2));
        p[0] = 1f;
        p[1] = -2f;
        return p;
    }

    private static float[] Run(Func<IReadOnlyList<Tensor>, Optimizer> make)
    {
        var p = NewParameter();
        var opt = make([p]);
        foreach (var g in Grads)
        {
            g.CopyTo(p.Grad);
            opt.Step();
        }
        Assert.Equal(3, opt.StepCount);
        return p.ToArray();
    }

    private static void AssertClose(double[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 5e-6);
    }

    [Fact]
    public void SgdPlain() => AssertClose([0.97, -1.96], Run(ps => new Sgd(ps, 0.1f)));

    [Fact]
    public void SgdMomentum() => AssertClose([0.8755, -1.807], Run(ps => new Sgd(ps, 0.1f, momentum: 0.9f)));

    [Fact]
    public void SgdNesterovWithWeightDecay() =>
        AssertClose([0.850465558191, -1.771186716382], Run(ps => new Sgd(ps, 0.1f, momentum: 0.9f, nesterov: true, weightDecay: 0.01f)));

    [Fact]
    public void AdamMatchesPyTorchRuleAndExportsMoments()
    {
        var p = NewParameter();
        var adam = new Adam([p], 0.01f);
        foreach (var g in Grads)
        {
            g.CopyTo(p.Grad);
            adam.Step();
        }
        AssertClose([0.9798624611763509, -1.9835473434208155], p.ToArray());
        var state = adam.ExportState();
        Assert.Equal(3, state.Step);
        AssertClose([0.0195, -0.023], state.Buffers["0.exp_avg"]);
        AssertClose([0.00034949025, 0.001197961], state.Buffers["0.exp_avg_sq"]);
    }

    [Fact]
    public void AdamWithWeightDecay() =>
        AssertClose([0.9768336007031183, -1.9792623166380274], Run(ps => new Adam(ps, 0.01f, weightDecay: 0.1f)));

    [Fact]
    public void RmsPropPlain() => AssertClose([0.9313743740465428, -1.9565342567273971], Run(ps => new RmsProp(ps, 0.01f)));

    [Fact]
    public void RmsPropCenteredWithMomentumAndWeightDecay() =>
        AssertClose([0.9359175060796786, -1.947856894715121],
            Run(ps => new RmsProp(ps, 0.01f, alpha: 0.9f, weightDecay: 0.1f, momentum: 0.5f, centered: true)));

    [Fact]
    public void LearningRateIsSettableBetweenSteps()
    {
        var p = NewParameter();
        var sgd = new Sgd([p], 0.1f);
        p.Grad.Fill(1f);
        sgd.Step();
        sgd.LearningRate = 0.5f;
        sgd.Step();
        AssertClose([0.4, -2.6], p.ToArray());
    }

    [Fact]
    public void SharedRmsPropWorkersEqualOneOptimizerSeeingAllGradients()
    {
        // Reference: one optimizer applies g1 then g2 to its parameter.
        var reference = NewParameter();
        var single = new RmsProp([reference], 0.01f, centered: true);
        // Two workers with local gradient holders update one shared parameter through shared statistics.
        var shared = NewParameter();
        var state = new RmsPropSharedState([shared], centered: true);
        var local1 = Tensor.Parameter(new Shape(2));
        var local2 = Tensor.Parameter(new Shape(2));
        var worker1 = new RmsProp([shared], state, 0.01f, gradientSources: [local1]);
        var worker2 = new RmsProp([shared], state, 0.01f, gradientSources: [local2]);

        Grads[0].CopyTo(reference.Grad);
        single.Step();
        Grads[1].CopyTo(reference.Grad);
        single.Step();

        Grads[0].CopyTo(local1.Grad);
        worker1.Step();
        Grads[1].CopyTo(local2.Grad);
        worker2.Step();

        Assert.Equal(reference.ToArray(), shared.ToArray());
        Assert.Equal(single.ExportState().Buffers["0.square_avg"], state.SquareAverage[0]);
        Assert.All(shared.Grad.ToArray(), v => Assert.Equal(0f, v)); // the shared parameter's own grad is not used
        worker1.ZeroGrad();
        Assert.All(local1.Grad.ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void HogwildWorkersOnThreadsKeepParametersFinite()
    {
        var sharedNet = Mlp.Create([2, 8, 1], Activation.Tanh, new Rng(1));
        var state = new RmsPropSharedState(sharedNet.Parameters());
        var threads = Enumerable.Range(0, 4).Select(w => new Thread(() =>
        {
            var local = Mlp.Create([2, 8, 1], Activation.Tanh, new Rng(1));
            var opt = new RmsProp(sharedNet.Parameters(), state, 1e-3f, gradientSources: local.Parameters());
            var g = new Graph();
            var rng = new Rng((ulong)w + 10);
            for (int step = 0; step < 200; step++)
            {
                local.CopyParametersFrom(sharedNet);
                opt.ZeroGrad();
                var x = g.Input(new Shape(4, 2), TestData.Random(rng, 8));
                g.Backward(g.MseLoss(local.Forward(g, x), g.Zeros(new Shape(4, 1))));
                opt.Step();
                g.Reset();
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.All(sharedNet.Parameters(), p => Assert.All(p.ToArray(), v => Assert.True(float.IsFinite(v))));
        Assert.Contains(state.SquareAverage, s => s.Any(v => v > 0));
    }

    [Fact]
    public void ExportedStateResumesBitIdentically()
    {
        foreach (var make in new Func<IReadOnlyList<Tensor>, Optimizer>[]
                 {
                     ps => new Adam(ps, 0.01f),
                     ps => new Sgd(ps, 0.1f, momentum: 0.9f),
                     ps => new RmsProp(ps, 0.01f, momentum: 0.3f, centered: true),
                 })
        {
            var a = NewParameter();
            var optA = make([a]);
            Grads[0].CopyTo(a.Grad);
            optA.Step();
            var saved = optA.ExportState();

            var b = NewParameter();
            a.Span.CopyTo(b.Span);
            var optB = make([b]);
            optB.ImportState(saved);
            Assert.Equal(optA.StepCount, optB.StepCount);

            Grads[1].CopyTo(a.Grad);
            Grads[1].CopyTo(b.Grad);
            optA.Step();
            optB.Step();
            Assert.Equal(TestData.Bits([a]), TestData.Bits([b]));

            // The export is a copy: later steps do not change it.
            var first = saved.Buffers.First();
            var copy = (float[])first.Value.Clone();
            optA.Step();
            Assert.Equal(copy, saved.Buffers[first.Key]);
        }
    }

    [Fact]
    public void ImportStateRejectsMismatchedBuffers()
    {
        var adam = new Adam([NewParameter()]);
        var missing = Assert.Throws<KeyNotFoundException>(() => adam.ImportState(new OptimizerState(1, new Dictionary<string, float[]>())));
        Assert.Contains("0.exp_avg", missing.Message);
        var wrongSize = new Dictionary<string, float[]> { ["0.exp_avg"] = new float[3], ["0.exp_avg_sq"] = new float[2] };
        Assert.Throws<ArgumentException>(() => adam.ImportState(new OptimizerState(1, wrongSize)));
        var extra = new Dictionary<string, float[]> { ["0.exp_avg"] = new float[2], ["0.exp_avg_sq"] = new float[2], ["1.exp_avg"] = new float[2] };
        Assert.Throws<ArgumentException>(() => adam.ImportState(new OptimizerState(1, extra)));
    }

    [Fact]
    public void StepAllocatesNothingAfterWarmUp()
    {
        var net = Mlp.Create([3, 64, 128, 64, 4], Activation.LeakyRelu, new Rng(3));
        var shared = new RmsPropSharedState(net.Parameters(), centered: true);
        var optimizers = new Optimizer[]
        {
            new Sgd(net.Parameters(), 1e-4f, momentum: 0.9f, nesterov: true, weightDecay: 1e-4f),
            new Adam(net.Parameters(), 1e-4f),
            new RmsProp(net.Parameters(), 1e-4f, momentum: 0.5f, centered: true),
            new RmsProp(net.Parameters(), shared, 1e-4f),
        };
        foreach (var p in net.Parameters()) p.Grad.Fill(0.01f);
        var ps = net.Parameters();
        foreach (var opt in optimizers)
        {
            opt.Step();
            GradientClipping.ClipGradNorm(ps, 1f);
            GradientClipping.ClipGradValue(ps, 1f);
            opt.ZeroGrad();
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 5; i++)
            {
                opt.Step();
                GradientClipping.ClipGradNorm(ps, 1f);
                GradientClipping.ClipGradValue(ps, 1f);
                opt.ZeroGrad();
            }
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    [Fact]
    public void TrainingStepAllocatesNothingAfterWarmUp()
    {
        var rng = new Rng(4);
        var net = Mlp.Create([3, 64, 128, 64, 4], Activation.LeakyRelu, rng);
        var opt = new Adam(net.Parameters(), 1e-3f);
        var ps = net.Parameters();
        var g = new Graph();
        var inputs = TestData.Random(rng, 128 * 3);
        var targets = TestData.Random(rng, 128 * 4);
        void TrainStep()
        {
            opt.ZeroGrad();
            var loss = g.HuberLoss(net.Forward(g, g.Input(new Shape(128, 3), inputs)), g.Input(new Shape(128, 4), targets));
            g.Backward(loss);
            GradientClipping.ClipGradNorm(ps, 10f);
            opt.Step();
            g.Reset();
        }
        for (int i = 0; i < 3; i++) TrainStep();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++) TrainStep();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
