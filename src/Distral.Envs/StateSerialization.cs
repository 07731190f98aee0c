using System.Globalization;
using System.Runtime.InteropServices;
using Distral.Tensors;

namespace Distral.Envs;

/// <summary>
/// Binary helpers (little-endian, as every supported platform) shared by the state savers of envs and agents (checkpoints): generator states, float arrays with
/// their length, and section tags that turn a mismatched or shifted stream into a clear <see cref="InvalidDataException"/>.
/// </summary>
public static class StateSerialization
{
    /// <summary>Writes a section tag (the reader checks it with <see cref="ExpectTag"/>).</summary>
    public static void WriteTag(this BinaryWriter writer, string tag) => writer.Write(tag);

    /// <summary>Reads a section tag and fails unless it is <paramref name="tag"/>.</summary>
    public static void ExpectTag(this BinaryReader reader, string tag)
    {
        string found;
        try
        {
            found = reader.ReadString();
        }
        catch (Exception e) when (e is EndOfStreamException or IOException)
        {
            throw new InvalidDataException($"state ends before section '{tag}'", e);
        }
        if (found != tag) throw new InvalidDataException($"expected state section '{tag}', found '{Shorten(found)}'");
    }

    /// <summary>Writes a generator state.</summary>
    public static void Write(this BinaryWriter writer, RngState state)
    {
        writer.Write(state.S0);
        writer.Write(state.S1);
        writer.Write(state.S2);
        writer.Write(state.S3);
        writer.Write(state.HasSpareGaussian);
        writer.Write(state.SpareGaussian);
    }

    /// <summary>Reads a generator state.</summary>
    public static RngState ReadRngState(this BinaryReader reader)
    {
        var state = new RngState(reader.ReadUInt64(), reader.ReadUInt64(), reader.ReadUInt64(), reader.ReadUInt64(), reader.ReadBoolean(), reader.ReadSingle());
        if ((state.S0 | state.S1 | state.S2 | state.S3) == 0) throw new InvalidDataException("generator state is all zeros");
        return state;
    }

    /// <summary>Writes the length and the values (little-endian bytes).</summary>
    public static void WriteFloats(this BinaryWriter writer, ReadOnlySpan<float> values) => writer.WriteValues(values);

    /// <summary>Reads values written by <see cref="WriteFloats"/> into <paramref name="into"/>, whose length must match.</summary>
    public static void ReadFloats(this BinaryReader reader, Span<float> into, string what) => reader.ReadValues(into, what);

    /// <summary>Writes the length and the raw values of an array of a primitive type.</summary>
    public static void WriteValues<T>(this BinaryWriter writer, ReadOnlySpan<T> values) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(values.Length);
        writer.Write(MemoryMarshal.AsBytes(values));
    }

    /// <summary>Reads values written by <see cref="WriteValues"/> into <paramref name="into"/>, whose length must match.</summary>
    public static void ReadValues<T>(this BinaryReader reader, Span<T> into, string what) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(reader);
        int n = reader.ReadInt32();
        if (n != into.Length) throw new InvalidDataException($"{what}: {n} values in the state, expected {into.Length}");
        var bytes = MemoryMarshal.AsBytes(into);
        while (bytes.Length > 0)
        {
            int read = reader.Read(bytes);
            if (read == 0) throw new InvalidDataException($"{what}: the state ends early");
            bytes = bytes[read..];
        }
    }

    /// <summary>Runs <paramref name="read"/>, reporting a stream that ends early as an <see cref="InvalidDataException"/> naming <paramref name="what"/>.</summary>
    public static void ReadChecked(this BinaryReader reader, string what, Action<BinaryReader> read)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            read(reader);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"{what}: the state ends early", e);
        }
    }

    /// <summary>Reads an int and fails unless it lies in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static int ReadInt32InRange(this BinaryReader reader, string what, int min, int max)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int value = reader.ReadInt32();
        if (value < min || value > max) throw new InvalidDataException($"{what} is {value} in the state, expected {min}..{max}");
        return value;
    }

    /// <summary>Reads a double and fails unless it is finite.</summary>
    public static double ReadFiniteDouble(this BinaryReader reader, string what)
    {
        ArgumentNullException.ThrowIfNull(reader);
        double value = reader.ReadDouble();
        if (!double.IsFinite(value)) throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{what} is {value} in the state, expected a finite number"));
        return value;
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "...";
}
