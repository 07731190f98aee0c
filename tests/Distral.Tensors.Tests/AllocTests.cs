using Distral.Tensors;

namespace Distral.Tensors.Tests;

public class AllocTests
{
    [Fact]
    public void SteadyStateMlpTrainingStepAllocatesNothing()
    {
        int[] sizes = [3, 64, 128, 64, 4];
        const int batch = 128;
        var rng = new Rng(8);
        var parameters = new List<Tensor>();
        var weights = new Tensor[4];
        var biases = new Tensor[4];
        for (int l = 0; l < 4; l++)
        {
            weights[l] = Tensor.Parameter(new Shape(sizes[l + 1], sizes[l]));
            biases[l] = Tensor.Parameter(new Shape(sizes[l + 1]));
            foreach (ref float w in weights[l].Span) w = rng.NextFloat(-0.5f, 0.5f);
            parameters.Add(weights[l]);
            parameters.Add(biases[l]);
        }
        var input = new float[batch * sizes[0]];
        foreach (ref float v in input.AsSpan()) v = rng.NextFloat(-1, 1);
        var g = new Graph();
        float firstLoss = 0, lastLoss = 0;

        void Step()
        {
            var h = g.Input(new Shape(batch, sizes[0]), input);
            for (int l = 0; l < 4; l++)
                h = g.Linear(h, weights[l], biases[l], l < 3 ? Activation.LeakyRelu : Activation.None);
            var loss = g.Sum(h);
            lastLoss = loss.Item();
            g.Backward(loss);
            foreach (var p in parameters)
            {
                var values = p.Span;
                var grad = p.Grad;
                for (int i = 0; i < values.Length; i++) values[i] -= 1e-6f * grad[i];
                p.ZeroGrad();
            }
            g.Reset();
        }

        for (int i = 0; i < 10; i++) Step();
        firstLoss = lastLoss;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++) Step();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(lastLoss < firstLoss, $"SGD on sum(output) should lower it: {firstLoss} -> {lastLoss}");
    }
}
