using Distral.Tensors;

namespace Distral.Nn.Tests;

/// <summary>Seeded random round trips and corruptions of safetensors bytes.</summary>
public class SafetensorsPropertyTests
{
    private static Dictionary<string, Tensor> RandomTensors(Rng rng)
    {
        var tensors = new Dictionary<string, Tensor>();
        int count = rng.NextInt(0, 6);
        Span<int> dims = stackalloc int[4];
        for (int i = 0; i < count; i++)
        {
            int rank = rng.NextInt(0, 5);
            for (int d = 0; d < rank; d++) dims[d] = rng.NextInt(0, 4);
            var shape = Shape.Of(dims[..rank]);
            tensors[$"t{rng.NextInt(1000)}.{i}"] = Tensor.FromArray(shape, TestData.Random(rng, shape.Size, 100f));
        }
        return tensors;
    }

    [Fact]
    public void RandomTensorSetsRoundTripBitExactly()
    {
        var rng = new Rng(21);
        for (int trial = 0; trial < 200; trial++)
        {
            var tensors = RandomTensors(rng);
            var bytes = Safetensors.Serialize(tensors);
            var back = Safetensors.Deserialize(bytes, "mem").Tensors;
            Assert.Equal(tensors.Keys.Order(StringComparer.Ordinal), back.Keys);
            foreach (var (name, t) in tensors)
            {
                Assert.Equal(t.Shape, back[name].Shape);
                Assert.Equal(TestData.Bits([t]), TestData.Bits([back[name]]));
            }
        }
    }

    [Fact]
    public void EveryTruncationAndRandomByteFlipEitherLoadsOrFailsCleanly()
    {
        var rng = new Rng(22);
        var tensors = new Dictionary<string, Tensor>
        {
            ["a"] = Tensor.FromArray(new Shape(2, 2), [1f, 2f, 3f, 4f]),
            ["b"] = Tensor.FromArray(new Shape(3), [5f, 6f, 7f]),
        };
        var good = Safetensors.Serialize(tensors, new Dictionary<string, string> { ["k"] = "v" });
        for (int length = 0; length < good.Length; length++)
            Assert.Throws<InvalidDataException>(() => Safetensors.Deserialize(good.AsSpan(0, length), "cut"));
        for (int trial = 0; trial < 2000; trial++)
        {
            var bad = (byte[])good.Clone();
            bad[rng.NextInt(bad.Length)] ^= (byte)(1 << rng.NextInt(8));
            try
            {
                Safetensors.Deserialize(bad, "flip");
            }
            catch (InvalidDataException e)
            {
                Assert.StartsWith("flip: ", e.Message);
            }
        }
    }
}
