using System.Buffers.Binary;
using System.Text;
using Distral.Tensors;

namespace Distral.Nn.Tests;

public sealed class SafetensorsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("distral-nn-st-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Tensor Const(Shape shape, params float[] values) => Tensor.FromArray(shape, values);

    [Fact]
    public void SerializeProducesExactlyTheSpecifiedBytes()
    {
        var tensors = new Dictionary<string, Tensor>
        {
            ["b"] = Const(new Shape(2), 1f, -2f),
            ["a"] = Const(new Shape(1, 1), 0.5f),
        };
        var bytes = Safetensors.Serialize(tensors, new Dictionary<string, string> { ["format"] = "pt" });

        // 141 bytes of JSON + 3 spaces = 144 = 0x90 (a multiple of 8), then a (0.5) and b (1, -2) in name order.
        const string json = "{\"__metadata__\":{\"format\":\"pt\"},"
            + "\"a\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,4]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        var expected = new List<byte> { 0x90, 0, 0, 0, 0, 0, 0, 0 };
        expected.AddRange(Encoding.ASCII.GetBytes(json));
        expected.AddRange("   "u8.ToArray());
        expected.AddRange(new byte[] { 0x00, 0x00, 0x00, 0x3F }); // 0.5f
        expected.AddRange(new byte[] { 0x00, 0x00, 0x80, 0x3F }); // 1f
        expected.AddRange(new byte[] { 0x00, 0x00, 0x00, 0xC0 }); // -2f
        Assert.Equal(expected.ToArray(), bytes);
    }

    [Fact]
    public void SaveAndLoadRoundTripTensorsAndMetadata()
    {
        var rng = new Rng(1);
        var tensors = new Dictionary<string, Tensor>
        {
            ["scalar"] = Const(Shape.Scalar, 3.25f),
            ["w"] = Const(new Shape(2, 3, 2), TestData.Random(rng, 12)),
            ["empty"] = Tensor.Zeros(new Shape(0, 4)),
            ["conv"] = Const(new Shape(1, 2, 1, 2), float.NaN, float.PositiveInfinity, -0f, float.Epsilon),
        };
        string path = Path.Combine(_dir, "model.safetensors");
        Safetensors.Save(path, tensors, new Dictionary<string, string> { ["step"] = "12", ["note"] = "ünïcode \"quoted\"" });
        var loaded = Safetensors.Load(path);
        Assert.Equal(["conv", "empty", "scalar", "w"], loaded.Tensors.Keys);
        foreach (var (name, t) in tensors)
        {
            Assert.Equal(t.Shape, loaded.Tensors[name].Shape);
            Assert.Equal(TestData.Bits([t]), TestData.Bits([loaded.Tensors[name]]));
        }
        Assert.Equal("12", loaded.Metadata["step"]);
        Assert.Equal("ünïcode \"quoted\"", loaded.Metadata["note"]);
        Assert.Equal(0, (new FileInfo(path).Length - 8 - BinaryPrimitives.ReadInt64LittleEndian(File.ReadAllBytes(path))) % 4);
        Assert.Equal(0, BinaryPrimitives.ReadInt64LittleEndian(File.ReadAllBytes(path)) % 8);
    }

    [Fact]
    public void SaveIsAtomicAndOverwrites()
    {
        string path = Path.Combine(_dir, "ckpt.safetensors");
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["x"] = Const(new Shape(1), 1f) });
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["x"] = Const(new Shape(1), 2f) });
        Assert.Equal(2f, Safetensors.Load(path).Tensors["x"][0]);
        Assert.Equal(["ckpt.safetensors"], Directory.GetFiles(_dir).Select(Path.GetFileName));
        // A failing save (missing directory) leaves nothing behind and the error names the path.
        Assert.ThrowsAny<IOException>(() => Safetensors.Save(Path.Combine(_dir, "nope", "x.safetensors"), new Dictionary<string, Tensor>()));
        Assert.Single(Directory.GetFiles(_dir, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void ReadsHalfBFloatAndDoubleByConverting()
    {
        var data = new List<byte>();
        var half = new byte[4];
        BinaryPrimitives.WriteHalfLittleEndian(half, (Half)1.5f);
        BinaryPrimitives.WriteHalfLittleEndian(half.AsSpan(2), (Half)(-0.25f));
        data.AddRange(half);
        data.AddRange(new byte[] { 0x80, 0x3F }); // bf16 1.0
        var dbl = new byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(dbl, 2.5);
        data.AddRange(dbl);
        var bytes = Build("{\"a\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},"
            + "\"b\":{\"dtype\":\"BF16\",\"shape\":[],\"data_offsets\":[4,6]},"
            + "\"c\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[6,14]}}", data.ToArray());
        var content = Safetensors.Deserialize(bytes, "mixed.safetensors");
        Assert.Equal([1.5f, -0.25f], content.Tensors["a"].ToArray());
        Assert.Equal(1f, content.Tensors["b"].Item());
        Assert.Equal(2.5f, content.Tensors["c"].Item());
        Assert.Empty(content.Metadata);
    }

    /// <summary>8-byte length + header (unpadded) + data.</summary>
    private static byte[] Build(string header, byte[] data, ulong? declaredLength = null)
    {
        var h = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + h.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, declaredLength ?? (ulong)h.Length);
        h.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + h.Length);
        return bytes;
    }

    private static string One(string name, string dtype, string shape, long begin, long end) =>
        $"\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":{shape},\"data_offsets\":[{begin},{end}]}}";

    public static TheoryData<string, byte[], string> Corruptions()
    {
        var eight = new byte[8];
        return new TheoryData<string, byte[], string>
        {
            { "truncated", new byte[5], "truncated" },
            { "header beyond file", Build("{}", [], declaredLength: 100), "beyond the end" },
            { "huge header", Build("{}", [], declaredLength: ulong.MaxValue), "exceeds the limit" },
            { "bad json", Build("{\"a\":", []), "bad JSON" },
            { "not an object", Build("[1,2]", []), "bad JSON" },
            { "json trailing garbage", Build("{} x", []), "bad JSON" },
            { "invalid utf8", Build("{\"\u00ff\":1}", []).Select((b, i) => i == 10 ? (byte)0xFF : b).ToArray(), "UTF-8" },
            { "unknown dtype", Build("{" + One("a", "Q7", "[2]", 0, 8) + "}", eight), "unknown dtype 'Q7'" },
            { "unsupported dtype", Build("{" + One("a", "I64", "[1]", 0, 8) + "}", eight), "unsupported dtype I64" },
            { "overlap", Build("{" + One("a", "F32", "[2]", 0, 8) + "," + One("b", "F32", "[1]", 4, 8) + "}", eight), "overlap" },
            { "out of range", Build("{" + One("a", "F32", "[4]", 0, 16) + "}", eight), "out of range" },
            { "gap", Build("{" + One("a", "F32", "[1]", 4, 8) + "}", eight), "contiguous" },
            { "size mismatch", Build("{" + One("a", "F32", "[3]", 0, 8) + "}", eight), "span 8 bytes" },
            { "end before begin", Build("{" + One("a", "F32", "[0]", 8, 0) + "}", eight), "end before begin" },
            { "trailing bytes", Build("{" + One("a", "F32", "[1]", 0, 4) + "}", eight), "trailing bytes" },
            { "rank 5", Build("{" + One("a", "F32", "[1,1,1,1,2]", 0, 8) + "}", eight), "rank 5" },
            { "negative dim", Build("{" + One("a", "F32", "[-2]", 0, 8) + "}", eight), "non-negative" },
            { "duplicate", Build("{" + One("a", "F32", "[1]", 0, 4) + "," + One("a", "F32", "[1]", 4, 8) + "}", eight), "duplicate tensor name 'a'" },
            { "missing field", Build("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", []), "lacks data_offsets" },
            { "unknown field", Build("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"x\":1}}", new byte[4]), "unknown field 'x'" },
            { "metadata not strings", Build("{\"__metadata__\":{\"k\":1}}", []), "metadata value 'k'" },
        };
    }

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void CorruptFilesFailWithOneLineNamingTheFile(string label, byte[] bytes, string expectedFragment)
    {
        string path = Path.Combine(_dir, label.Replace(' ', '_') + ".safetensors");
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidDataException>(() => Safetensors.Load(path));
        Assert.StartsWith(path + ": ", e.Message);
        Assert.Contains(expectedFragment, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void ModuleSaveAndLoadByName()
    {
        string path = Path.Combine(_dir, "mlp.safetensors");
        var source = Mlp.Create([3, 8, 4], Activation.Relu, new Rng(1));
        source.SaveSafetensors(path, new Dictionary<string, string> { ["arch"] = "3-8-4" });
        var names = Safetensors.Load(path).Tensors.Keys;
        Assert.Equal(["0.bias", "0.weight", "2.bias", "2.weight"], names);

        var copy = Mlp.Create([3, 8, 4], Activation.Relu, new Rng(2));
        var metadata = copy.LoadSafetensors(path);
        Assert.Equal("3-8-4", metadata["arch"]);
        Assert.Equal(TestData.Bits(source.Parameters()), TestData.Bits(copy.Parameters()));

        var wider = Mlp.Create([3, 9, 4], Activation.Relu, new Rng(2));
        var e = Assert.Throws<InvalidDataException>(() => wider.LoadSafetensors(path));
        Assert.StartsWith(path + ": ", e.Message);
        Assert.Contains("0.weight", e.Message);

        var deeper = Mlp.Create([3, 8, 4, 4], Activation.Relu, new Rng(2));
        var missing = Assert.Throws<InvalidDataException>(() => deeper.LoadSafetensors(path));
        Assert.Contains("missing key '4.weight'", missing.Message);
    }
}
