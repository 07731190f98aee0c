using System.Buffers.Binary;
using System.Text;

namespace Distral.Experiments;

/// <summary>
/// Writes a TensorBoard event file (<c>events.out.tfevents.&lt;unix seconds&gt;.&lt;host&gt;</c>, named by
/// <see cref="RunDirectory.TensorBoardFileName"/>) with scalar
/// summaries, without a protobuf package: each record is <c>u64 LE length, u32 LE masked CRC-32C of the length
/// bytes, the serialized Event, u32 LE masked CRC-32C of the Event</c>. The first Event carries
/// <c>file_version = "brain.Event:2"</c>; each scalar is <c>Event{wall_time=1 (double), step=2 (int64),
/// summary=5 {value=1 {tag=1 (string), simple_value=2 (float)}}}</c> (tensorflow event.proto / summary.proto).
/// </summary>
public sealed class TensorBoardWriter : IDisposable
{
    /// <summary>The version string TensorBoard expects in the first event.</summary>
    public const string FileVersion = "brain.Event:2";

    private readonly FileStream _file;
    private readonly ProtoBuffer _event = new();
    private readonly ProtoBuffer _summary = new();
    private readonly ProtoBuffer _value = new();
    private readonly byte[] _header = new byte[12];
    private readonly byte[] _footer = new byte[4];

    /// <summary>Creates the event file in <paramref name="directory"/> (created if missing) and writes the version event.</summary>
    /// <param name="directory">The run directory.</param>
    /// <param name="startTime">Names the file and stamps the version event; default now.</param>
    /// <param name="host">The host part of the file name; default the machine name.</param>
    public TensorBoardWriter(string directory, DateTimeOffset? startTime = null, string? host = null)
    {
        Directory.CreateDirectory(directory);
        var start = startTime ?? DateTimeOffset.UtcNow;
        Path = System.IO.Path.Combine(directory, RunDirectory.TensorBoardFileName(start, host ?? Environment.MachineName));
        _file = new FileStream(Path, FileMode.Create, FileAccess.Write, FileShare.Read);
        _event.Clear();
        _event.WriteDouble(1, UnixSeconds(start));
        _event.WriteString(3, FileVersion);
        WriteRecord(_event.Written);
        Flush();
    }

    /// <summary>The event file's full path.</summary>
    public string Path { get; }

    /// <summary>Appends one scalar at <paramref name="step"/>, stamped now (or <paramref name="wallTime"/>, unix seconds). Not flushed.</summary>
    public void AddScalar(string tag, float value, long step, double? wallTime = null)
    {
        _value.Clear();
        _value.WriteString(1, tag);
        _value.WriteFloat(2, value);
        _summary.Clear();
        _summary.WriteBytes(1, _value.Written);
        _event.Clear();
        _event.WriteDouble(1, wallTime ?? UnixSeconds(DateTimeOffset.UtcNow));
        _event.WriteInt64(2, step);
        _event.WriteBytes(5, _summary.Written);
        WriteRecord(_event.Written);
    }

    /// <summary>Pushes buffered records to disk (TensorBoard reads the file while it grows).</summary>
    public void Flush() => _file.Flush();

    /// <inheritdoc/>
    public void Dispose() => _file.Dispose();

    private void WriteRecord(ReadOnlySpan<byte> data)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_header, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(_header.AsSpan(8), Crc32C.Mask(Crc32C.Compute(_header.AsSpan(0, 8))));
        BinaryPrimitives.WriteUInt32LittleEndian(_footer, Crc32C.Mask(Crc32C.Compute(data)));
        _file.Write(_header);
        _file.Write(data);
        _file.Write(_footer);
    }

    private static double UnixSeconds(DateTimeOffset time) => (time - DateTimeOffset.UnixEpoch).Ticks / (double)TimeSpan.TicksPerSecond;
}

/// <summary>A reusable protobuf wire-format encoder for the few field kinds an event file needs.</summary>
internal sealed class ProtoBuffer
{
    private const int WireVarint = 0, Wire64 = 1, WireLength = 2, Wire32 = 5;
    private byte[] _bytes = new byte[256];
    private int _length;

    public ReadOnlySpan<byte> Written => _bytes.AsSpan(0, _length);

    public void Clear() => _length = 0;

    public void WriteDouble(int field, double value)
    {
        WriteKey(field, Wire64);
        BinaryPrimitives.WriteDoubleLittleEndian(Reserve(8), value);
    }

    public void WriteFloat(int field, float value)
    {
        WriteKey(field, Wire32);
        BinaryPrimitives.WriteSingleLittleEndian(Reserve(4), value);
    }

    // int64 is a plain varint of the two's-complement value (negative numbers take 10 bytes).
    public void WriteInt64(int field, long value)
    {
        WriteKey(field, WireVarint);
        WriteVarint(unchecked((ulong)value));
    }

    public void WriteString(int field, string value)
    {
        WriteKey(field, WireLength);
        int count = Encoding.UTF8.GetByteCount(value);
        WriteVarint((ulong)count);
        Encoding.UTF8.GetBytes(value, Reserve(count));
    }

    public void WriteBytes(int field, ReadOnlySpan<byte> value)
    {
        WriteKey(field, WireLength);
        WriteVarint((ulong)value.Length);
        value.CopyTo(Reserve(value.Length));
    }

    private void WriteKey(int field, int wireType) => WriteVarint((ulong)((field << 3) | wireType));

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            Reserve(1)[0] = (byte)(value | 0x80);
            value >>= 7;
        }
        Reserve(1)[0] = (byte)value;
    }

    private Span<byte> Reserve(int count)
    {
        if (_length + count > _bytes.Length) Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _length + count));
        var span = _bytes.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
