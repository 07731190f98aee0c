using Distral.Nn;
using Distral.Tensors;

namespace Distral.Nn.Tests;

public class AdamVectorTests
{
    [Theory]
    [InlineData(1000, 0f)]
    [InlineData(37, 0.01f)]
    public void LongParametersMatchTheScalarFormulaBitForBit(int size, float weightDecay)
    {
        // 1000 elements exercise the SIMD body and the scalar tail; the reference is PyTorch's Adam written out.
        var rng = new Rng(5);
        var p = Tensor.Parameter(new Shape(size));
        for (int i = 0; i < size; i++) p.Span[i] = rng.NextFloat(-1, 1);
        float[] reference = p.Span.ToArray(), m = new float[size], v = new float[size];
        const float lr = 1e-3f, b1 = 0.9f, b2 = 0.999f, eps = 1e-8f;
        var adam = new Adam([p], lr, b1, b2, eps, weightDecay);
        for (int step = 1; step <= 5; step++)
        {
            for (int i = 0; i < size; i++) p.Grad[i] = rng.NextFloat(-2, 2);
            float[] grad = p.Grad.ToArray();
            adam.Step();
            float stepSize = (float)(lr / (1 - Math.Pow(b1, step)));
            float sqrtBc2 = (float)Math.Sqrt(1 - Math.Pow(b2, step));
            for (int i = 0; i < size; i++)
            {
                float g = grad[i] + weightDecay * reference[i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                reference[i] -= stepSize * m[i] / (MathF.Sqrt(v[i]) / sqrtBc2 + eps);
            }
            for (int i = 0; i < size; i++)
                Assert.True(BitConverter.SingleToInt32Bits(reference[i]) == BitConverter.SingleToInt32Bits(p.Span[i]),
                    $"step {step}, element {i}: {p.Span[i]:R} vs reference {reference[i]:R}");
        }
    }
}
