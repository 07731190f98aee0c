using Distral.Tensors;

namespace Distral.Tensors.Tests;

public class OpsAllocationTests
{
    [Fact]
    public void SteadyStateStepThroughEveryOpAllocatesNothing()
    {
        var x = Tensor.Parameter(new Shape(6, 4));
        var b = Tensor.Parameter(new Shape(4));
        for (int i = 0; i < x.Size; i++) x.Span[i] = 0.1f * i - 1f;
        for (int i = 0; i < b.Size; i++) b.Span[i] = 0.5f + 0.25f * i;
        int[] actions = [0, 3, 1, 2, 2, 0];
        int[] rows = [5, 0, 0];
        var g = new Graph();
        void Step()
        {
            var h = g.Tanh(g.Add(g.Mul(x, b), g.Div(x, g.Sqrt(b))));
            h = g.LeakyRelu(g.Relu(g.Sigmoid(g.Clamp(g.Abs(h), 0.1f, 0.9f))), 0.1f);
            var logits = g.Concat(0, h, g.Exp(g.Pow(x, 2f)));
            logits = g.IndexSelect(logits, rows);
            var mask = g.Full(logits.Shape, 0f);
            var picked = g.Where(mask, logits, g.MaskedFill(logits, mask, -1f));
            var loss = g.Add(g.Mean(g.Gather(g.LogSoftmax(g.Reshape(x, new Shape(6, 4))), actions)),
                g.Sum(g.Mean(g.Softmax(picked), 0)));
            loss = g.Add(loss, g.Mean(g.Sum(g.Max(x, 1, keepDim: true), 1)));
            loss = g.Add(loss, g.MulScalar(g.Max(g.LogSumExp(g.Sub(x, g.Log(b)))), 0.5f));
            loss = g.Add(loss, g.Sum(g.Detach(g.AddScalar(x, 1f))));
            g.Backward(loss);
            g.Reset();
        }
        Step();
        Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) Step();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.All(x.Grad.ToArray(), d => Assert.True(float.IsFinite(d)));
    }
}
