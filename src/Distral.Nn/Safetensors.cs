using System.Buffers.Binary;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Distral.Tensors;

namespace Distral.Nn;

/// <summary>
/// Reads and writes the safetensors format (huggingface/safetensors): an 8-byte little-endian u64 header
/// length N, N bytes of UTF-8 JSON {"name": {"dtype", "shape", "data_offsets": [begin, end]}, ...,
/// "__metadata__": {string: string}} padded with spaces to a multiple of 8, then the little-endian data
/// buffer with tensors in sorted-name order. Writing is F32 only; reading accepts F32 and converts F16,
/// BF16 and F64. Every malformed file fails with an <see cref="InvalidDataException"/> naming the file.
/// </summary>
public static class Safetensors
{
    /// <summary>The header-size limit of the reference implementation (guards against absurd allocations).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    private const string MetadataKey = "__metadata__";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Writes <paramref name="tensors"/> (and optional metadata) to <paramref name="path"/> atomically: temp file, then rename.</summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = Serialize(tensors, metadata);
        string full = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>Reads and validates a safetensors file.</summary>
    public static SafetensorsContent Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Deserialize(File.ReadAllBytes(path), path);
    }

    /// <summary>The exact bytes of a safetensors file holding <paramref name="tensors"/> as F32.</summary>
    public static byte[] Serialize(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var names = tensors.Keys.ToList();
        names.Sort(Utf8Order);
        foreach (var name in names)
            if (name == MetadataKey) throw new ArgumentException($"'{MetadataKey}' is reserved and cannot name a tensor.");

        var json = new MemoryStream();
        using (var w = new Utf8JsonWriter(json, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false }))
        {
            w.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                w.WriteStartObject(MetadataKey);
                var keys = metadata.Keys.ToList();
                keys.Sort(Utf8Order);
                foreach (var key in keys) w.WriteString(key, metadata[key]);
                w.WriteEndObject();
            }
            long offset = 0;
            Span<int> dims = stackalloc int[Shape.MaxRank];
            foreach (var name in names)
            {
                var t = tensors[name];
                w.WriteStartObject(name);
                w.WriteString("dtype", "F32");
                w.WriteStartArray("shape");
                int rank = t.Shape.CopyTo(dims);
                for (int d = 0; d < rank; d++) w.WriteNumberValue(dims[d]);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                offset += 4L * t.Size;
                w.WriteNumberValue(offset);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        int headerLength = (int)json.Length;
        int padded = (headerLength + 7) / 8 * 8;
        long dataBytes = names.Sum(n => 4L * tensors[n].Size);
        var bytes = new byte[checked(8 + padded + dataBytes)];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)padded);
        json.GetBuffer().AsSpan(0, headerLength).CopyTo(bytes.AsSpan(8));
        bytes.AsSpan(8 + headerLength, padded - headerLength).Fill((byte)' ');
        int pos = 8 + padded;
        foreach (var name in names)
        {
            foreach (float v in tensors[name].Span)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(pos), v);
                pos += 4;
            }
        }
        return bytes;
    }

    /// <summary>Parses and validates safetensors bytes; <paramref name="source"/> names the file in error messages.</summary>
    public static SafetensorsContent Deserialize(ReadOnlySpan<byte> bytes, string source)
    {
        if (bytes.Length < 8)
            throw Fail(source, $"truncated file: {bytes.Length} bytes, too short for the 8-byte header length");
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (n > MaxHeaderBytes)
            throw Fail(source, $"header length {n} exceeds the limit of {MaxHeaderBytes} bytes");
        if (n > (ulong)(bytes.Length - 8))
            throw Fail(source, $"header length {n} runs beyond the end of the file ({bytes.Length} bytes)");
        var header = bytes.Slice(8, (int)n);
        var data = bytes[(8 + (int)n)..];
        try
        {
            StrictUtf8.GetCharCount(header);
        }
        catch (DecoderFallbackException)
        {
            throw Fail(source, "header is not valid UTF-8");
        }
        if (header.Length == 0 || header[0] != (byte)'{')
            throw Fail(source, "bad JSON header: it must be a JSON object starting with '{'");

        List<Entry> entries;
        Dictionary<string, string> metadata;
        try
        {
            (entries, metadata) = ParseHeader(header, source);
        }
        catch (JsonException e)
        {
            throw Fail(source, $"bad JSON header: {OneLine(e.Message)}");
        }

        // Offsets must tile the data buffer exactly: sorted by begin, each starting where the previous ended.
        var ordered = entries.OrderBy(e => e.Begin).ThenBy(e => e.End).ToList();
        long expected = 0;
        foreach (var e in ordered)
        {
            if (e.End < e.Begin) throw Fail(source, $"tensor '{e.Name}' has data_offsets [{e.Begin}, {e.End}] with end before begin");
            if (e.End > data.Length) throw Fail(source, $"tensor '{e.Name}' data_offsets [{e.Begin}, {e.End}] are out of range of the {data.Length}-byte data buffer");
            if (e.Begin < expected) throw Fail(source, $"tensor '{e.Name}' data_offsets [{e.Begin}, {e.End}] overlap the previous tensor (which ends at {expected})");
            if (e.Begin > expected) throw Fail(source, $"tensor '{e.Name}' data_offsets [{e.Begin}, {e.End}] leave a gap after byte {expected} (offsets must be contiguous)");
            long needed = e.ElementCount * DtypeSize(e.Dtype);
            if (e.End - e.Begin != needed)
                throw Fail(source, $"tensor '{e.Name}' has shape {e.Shape} {e.Dtype} ({needed} bytes) but data_offsets [{e.Begin}, {e.End}] span {e.End - e.Begin} bytes");
            expected = e.End;
        }
        if (expected != data.Length)
            throw Fail(source, $"{data.Length - expected} trailing bytes after the last tensor (data ends at {expected}, buffer has {data.Length})");

        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        entries.Sort((a, b) => Utf8Order(a.Name, b.Name));
        foreach (var e in entries)
        {
            var t = Tensor.Zeros(e.Shape);
            Decode(data.Slice((int)e.Begin, (int)(e.End - e.Begin)), e.Dtype, t.Span);
            tensors.Add(e.Name, t);
        }
        return new SafetensorsContent(tensors, metadata);
    }

    private sealed record Entry(string Name, string Dtype, Shape Shape, long ElementCount, long Begin, long End);

    private static (List<Entry>, Dictionary<string, string>) ParseHeader(ReadOnlySpan<byte> header, string source)
    {
        var reader = new Utf8JsonReader(header, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        var entries = new List<Entry>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        bool sawMetadata = false;
        Expect(ref reader, JsonTokenType.StartObject, source, "the header");
        while (true)
        {
            Read(ref reader, source);
            if (reader.TokenType == JsonTokenType.EndObject) break;
            string name = reader.GetString()!;
            if (name == MetadataKey)
            {
                if (sawMetadata) throw Fail(source, $"duplicate key '{MetadataKey}' in the header");
                sawMetadata = true;
                Expect(ref reader, JsonTokenType.StartObject, source, $"'{MetadataKey}'");
                while (true)
                {
                    Read(ref reader, source);
                    if (reader.TokenType == JsonTokenType.EndObject) break;
                    string key = reader.GetString()!;
                    Expect(ref reader, JsonTokenType.String, source, $"metadata value '{key}'");
                    if (!metadata.TryAdd(key, reader.GetString()!)) throw Fail(source, $"duplicate metadata key '{key}'");
                }
                continue;
            }
            if (!names.Add(name)) throw Fail(source, $"duplicate tensor name '{name}' in the header");
            entries.Add(ParseTensor(ref reader, name, source));
        }
        if (reader.Read()) throw Fail(source, "bad JSON header: content after the closing '}'");
        return (entries, metadata);
    }

    private static Entry ParseTensor(ref Utf8JsonReader reader, string name, string source)
    {
        Expect(ref reader, JsonTokenType.StartObject, source, $"tensor '{name}'");
        string? dtype = null;
        List<long>? shape = null, offsets = null;
        while (true)
        {
            Read(ref reader, source);
            if (reader.TokenType == JsonTokenType.EndObject) break;
            string field = reader.GetString()!;
            switch (field)
            {
                case "dtype":
                    Expect(ref reader, JsonTokenType.String, source, $"tensor '{name}' dtype");
                    dtype = reader.GetString();
                    break;
                case "shape":
                    shape = ReadIntegers(ref reader, source, $"tensor '{name}' shape");
                    break;
                case "data_offsets":
                    offsets = ReadIntegers(ref reader, source, $"tensor '{name}' data_offsets");
                    break;
                default:
                    throw Fail(source, $"tensor '{name}' has unknown field '{field}'");
            }
        }
        if (dtype is null || shape is null || offsets is null)
            throw Fail(source, $"tensor '{name}' lacks {(dtype is null ? "dtype" : shape is null ? "shape" : "data_offsets")}");
        if (DtypeSize(dtype) == 0)
            throw Fail(source, KnownUnsupported.Contains(dtype)
                ? $"tensor '{name}' has unsupported dtype {dtype} (supported: F32, F16, BF16, F64)"
                : $"tensor '{name}' has unknown dtype '{dtype}'");
        if (shape.Count > Shape.MaxRank) throw Fail(source, $"tensor '{name}' has rank {shape.Count}; at most {Shape.MaxRank} is supported");
        if (offsets.Count != 2) throw Fail(source, $"tensor '{name}' data_offsets must be [begin, end], got {offsets.Count} numbers");
        long count = 1;
        Span<int> dims = stackalloc int[Shape.MaxRank];
        for (int i = 0; i < shape.Count; i++)
        {
            if (shape[i] > int.MaxValue) throw Fail(source, $"tensor '{name}' dimension {shape[i]} is too large");
            dims[i] = (int)shape[i];
            count *= shape[i];
            if (count > int.MaxValue) throw Fail(source, $"tensor '{name}' has too many elements");
        }
        return new Entry(name, dtype, Shape.Of(dims[..shape.Count]), count, offsets[0], offsets[1]);
    }

    private static List<long> ReadIntegers(ref Utf8JsonReader reader, string source, string what)
    {
        Expect(ref reader, JsonTokenType.StartArray, source, what);
        var list = new List<long>();
        while (true)
        {
            Read(ref reader, source);
            if (reader.TokenType == JsonTokenType.EndArray) return list;
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long v) || v < 0)
                throw Fail(source, $"{what} must hold non-negative integers");
            list.Add(v);
        }
    }

    private static void Read(ref Utf8JsonReader reader, string source)
    {
        if (!reader.Read()) throw Fail(source, "bad JSON header: it ends early");
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string source, string what)
    {
        Read(ref reader, source);
        if (reader.TokenType != type) throw Fail(source, $"bad JSON header: {what} should be {Describe(type)}, found {Describe(reader.TokenType)}");
    }

    private static string Describe(JsonTokenType t) => t switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        _ => t.ToString(),
    };

    private static readonly HashSet<string> KnownUnsupported = new(StringComparer.Ordinal)
    {
        "BOOL", "U8", "I8", "I16", "U16", "I32", "U32", "I64", "U64", "F8_E4M3", "F8_E5M2", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2", "C64",
    };

    private static long DtypeSize(string dtype) => dtype switch
    {
        "F32" => 4,
        "F16" or "BF16" => 2,
        "F64" => 8,
        _ => 0,
    };

    private static void Decode(ReadOnlySpan<byte> src, string dtype, Span<float> dst)
    {
        switch (dtype)
        {
            case "F32":
                for (int i = 0; i < dst.Length; i++) dst[i] = BinaryPrimitives.ReadSingleLittleEndian(src[(4 * i)..]);
                break;
            case "F16":
                for (int i = 0; i < dst.Length; i++) dst[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(src[(2 * i)..]);
                break;
            case "BF16": // bfloat16 is the top half of a float32
                for (int i = 0; i < dst.Length; i++)
                    dst[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(src[(2 * i)..]) << 16);
                break;
            case "F64":
                for (int i = 0; i < dst.Length; i++) dst[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(src[(8 * i)..]);
                break;
        }
    }

    // The reference implementation sorts names as Rust strings: by UTF-8 bytes.
    private static int Utf8Order(string a, string b)
    {
        if (ReferenceEquals(a, b)) return 0;
        return Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b));
    }

    private static string OneLine(string s) => s.ReplaceLineEndings(" ");

    private static InvalidDataException Fail(string source, string problem) => new($"{source}: {problem}.");
}
