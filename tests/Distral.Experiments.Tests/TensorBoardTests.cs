using Distral.Agents;
using System.Buffers.Binary;
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Distral.Experiments.Tests;

public class TensorBoardTests
{
    [Theory]
    [InlineData("123456789", 0xE3069283u)]
    [InlineData("", 0x00000000u)]
    [InlineData("a", 0xC1D04330u)]
    public void Crc32CMatchesKnownVectors(string text, uint expected) =>
        Assert.Equal(expected, Crc32C.Compute(Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void Crc32CMatchesTheIscsiVectors()
    {
        // RFC 3720 appendix B.4: 32 bytes of zeros, of ones, and ascending bytes.
        Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));
        Assert.Equal(0x62A8AB43u, Crc32C.Compute(Enumerable.Repeat((byte)0xFF, 32).ToArray()));
        Assert.Equal(0x46DD794Eu, Crc32C.Compute(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()));
    }

    [Fact]
    public void AppendContinuesACrcAcrossChunksAndMaskRoundTrips()
    {
        Prop.ForAll<byte[], int>((data, split) =>
        {
            int cut = data.Length == 0 ? 0 : (int)((uint)split % (uint)(data.Length + 1));
            uint whole = Crc32C.Compute(data);
            bool chunked = Crc32C.Append(Crc32C.Compute(data.AsSpan(0, cut)), data.AsSpan(cut)) == whole;
            return chunked && Crc32C.Unmask(Crc32C.Mask(whole)) == whole;
        }).QuickCheckThrowOnFailure();
        Assert.Equal(unchecked(((0xE3069283u >> 15) | (0xE3069283u << 17)) + 0xA282EAD8u), Crc32C.Mask(0xE3069283u));
    }

    [Fact]
    public void EventFileReadsBackWithVersionEventAndScalars()
    {
        string dir = TestPaths.NewTempDirectory();
        var start = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero).AddMilliseconds(250);
        string path;
        using (var writer = new TensorBoardWriter(dir, start, "my host/1"))
        {
            path = writer.Path;
            writer.AddScalar("charts/episodic_return/plan4", -1.25f, 123, wallTime: 1000.5);
            writer.AddScalar("losses/ünïcode", 3.5f, 5_000_000_000L, wallTime: 1001);
            writer.AddScalar("charts/negative_step", 0f, -2, wallTime: 1002);
        }
        Assert.Equal($"events.out.tfevents.{start.ToUnixTimeSeconds()}.my_host_1", Path.GetFileName(path));
        var events = EventFileReader.Read(path);
        Assert.Equal(4, events.Count);
        Assert.Equal("brain.Event:2", events[0].FileVersion);
        Assert.Equal(start.ToUnixTimeMilliseconds() / 1000.0, events[0].WallTime, 6);
        Assert.Null(events[0].Tag);
        Assert.Equal(("charts/episodic_return/plan4", -1.25f, 123L, 1000.5), (events[1].Tag, events[1].Value, events[1].Step, events[1].WallTime));
        Assert.Equal(("losses/ünïcode", 3.5f, 5_000_000_000L, 1001.0), (events[2].Tag, events[2].Value, events[2].Step, events[2].WallTime));
        Assert.Equal(-2L, events[3].Step);
    }

    [Fact]
    public void DecoderRejectsACorruptedRecord()
    {
        string dir = TestPaths.NewTempDirectory();
        string path;
        using (var writer = new TensorBoardWriter(dir, host: "h"))
        {
            path = writer.Path;
            writer.AddScalar("a", 1f, 1);
        }
        var bytes = File.ReadAllBytes(path);
        bytes[^6] ^= 0x01; // inside the last event's data
        File.WriteAllBytes(path, bytes);
        Assert.Throws<InvalidDataException>(() => EventFileReader.Read(path));
    }

    [Theory]
    [InlineData("softq", DiagnosticKind.Loss, 0, "losses/softq/task0")]
    [InlineData("distill", DiagnosticKind.Loss, TrainingDiagnostic.SharedTask, "losses/distill")]
    [InlineData("epsilon", DiagnosticKind.Schedule, 1, "charts/epsilon/task1")]
    [InlineData("ac/value", DiagnosticKind.Loss, TrainingDiagnostic.SharedTask, "losses/ac/value")]
    [InlineData("ac/entropy", DiagnosticKind.Statistic, TrainingDiagnostic.SharedTask, "charts/ac/entropy")]
    [InlineData("softq", DiagnosticKind.Loss, 12, "losses/softq/task12")]
    public void DiagnosticsAreTaggedCleanRlStyle(string name, DiagnosticKind kind, int task, string expected) =>
        Assert.Equal(expected, TensorBoardTags.ForDiagnostic(new TrainingDiagnostic(name, kind, task, 1.5, 10)));

    [Fact]
    public void RunnerWritesOneEventFileWithEpisodeScalars()
    {
        string dir = Path.Combine(TestPaths.NewTempDirectory(), "run");
        ExperimentRunner.Run(new RunRequest
        {
            Config = ConfigLoader.ApplyOverrides(RunConfig.Default, ["tasks=plan4,plan6", "episodes=3", "max_episode_steps=20", "checkpoints=false"]),
            OutputDirectory = dir,
            AgentFactory = (envs, _, _) => new ScriptedAgent(envs.Count, distilled: false),
        });
        var files = Directory.GetFiles(dir, "events.out.tfevents.*");
        Assert.Single(files);
        var events = EventFileReader.Read(files[0]);
        var plan6 = events.Where(e => e.Tag == "charts/episodic_return/plan6").ToList();
        Assert.Equal(3, plan6.Count);
        // Scripted task 1 episode k lasts 11 + k steps with return -(steps)/10; steps are the env steps so far.
        long total = 0;
        for (int k = 0; k < 3; k++)
        {
            total += 10 + k;
            total += 11 + k;
            Assert.Equal((float)(-(11 + k) / 10.0), plan6[k].Value);
            Assert.Equal(total, plan6[k].Step);
        }
        Assert.Equal([11f, 12f, 13f], events.Where(e => e.Tag == "charts/episodic_length/plan6").Select(e => e.Value!.Value));
        Assert.Equal(3, events.Count(e => e.Tag == TensorBoardTags.StepsPerSecond));
    }
}

/// <summary>One decoded Event: wall time, step and either the file version or one scalar.</summary>
internal sealed record DecodedEvent(double WallTime, long Step, string? FileVersion, string? Tag, float? Value);

/// <summary>
/// An independent reader of TensorBoard event files for the tests: checks every length and data CRC and parses
/// the protobuf wire format (Event: 1 wall_time, 2 step, 3 file_version, 5 summary; Summary: 1 value;
/// Value: 1 tag, 2 simple_value).
/// </summary>
internal static class EventFileReader
{
    public static List<DecodedEvent> Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var events = new List<DecodedEvent>();
        int pos = 0;
        while (pos < bytes.Length)
        {
            if (pos + 12 > bytes.Length) throw new InvalidDataException("truncated header");
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(pos));
            uint lengthCrc = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(pos + 8));
            if (lengthCrc != MaskedCrc(bytes.AsSpan(pos, 8))) throw new InvalidDataException("length CRC mismatch");
            pos += 12;
            if (pos + (int)length + 4 > bytes.Length) throw new InvalidDataException("truncated record");
            var data = bytes.AsSpan(pos, (int)length);
            uint dataCrc = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(pos + (int)length));
            if (dataCrc != MaskedCrc(data)) throw new InvalidDataException("data CRC mismatch");
            events.Add(ParseEvent(data.ToArray()));
            pos += (int)length + 4;
        }
        return events;
    }

    // Written out independently of Crc32C.Mask so a wrong mask in the writer would show.
    private static uint MaskedCrc(ReadOnlySpan<byte> data)
    {
        uint crc = Crc32C.Compute(data);
        return unchecked(((crc >> 15) | (crc << 17)) + 0xa282ead8u);
    }

    private static DecodedEvent ParseEvent(byte[] data)
    {
        double wall = 0;
        long step = 0;
        string? version = null, tag = null;
        float? value = null;
        foreach (var (field, wire, raw, payload) in Fields(data))
        {
            switch (field, wire)
            {
                case (1, 1): wall = BitConverter.Int64BitsToDouble((long)raw); break;
                case (2, 0): step = (long)raw; break;
                case (3, 2): version = Encoding.UTF8.GetString(payload!); break;
                case (5, 2):
                    foreach (var (sf, sw, _, sp) in Fields(payload!))
                    {
                        if ((sf, sw) != (1, 2)) throw new InvalidDataException($"unexpected Summary field {sf}");
                        foreach (var (vf, vw, vraw, vp) in Fields(sp!))
                        {
                            if ((vf, vw) == (1, 2)) tag = Encoding.UTF8.GetString(vp!);
                            else if ((vf, vw) == (2, 5)) value = BitConverter.Int32BitsToSingle((int)vraw);
                            else throw new InvalidDataException($"unexpected Value field {vf}");
                        }
                    }
                    break;
                default: throw new InvalidDataException($"unexpected Event field {field} (wire type {wire})");
            }
        }
        return new DecodedEvent(wall, step, version, tag, value);
    }

    private static IEnumerable<(int Field, int Wire, ulong Raw, byte[]? Payload)> Fields(byte[] data)
    {
        int pos = 0;
        while (pos < data.Length)
        {
            ulong key = Varint(data, ref pos);
            int field = (int)(key >> 3), wire = (int)(key & 7);
            switch (wire)
            {
                case 0: yield return (field, wire, Varint(data, ref pos), null); break;
                case 1: yield return (field, wire, BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(pos)), null); pos += 8; break;
                case 5: yield return (field, wire, BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(pos)), null); pos += 4; break;
                case 2:
                    int n = (int)Varint(data, ref pos);
                    yield return (field, wire, 0, data[pos..(pos + n)]);
                    pos += n;
                    break;
                default: throw new InvalidDataException($"wire type {wire}");
            }
        }
    }

    private static ulong Varint(byte[] data, ref int pos)
    {
        ulong result = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            byte b = data[pos++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw new InvalidDataException("varint too long");
    }
}
