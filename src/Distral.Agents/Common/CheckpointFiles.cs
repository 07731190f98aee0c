using System.Globalization;
using System.Text;
using Distral.Nn;
using Distral.Tensors;

namespace Distral.Agents;

/// <summary>
/// Helpers for <see cref="ICheckpointableAgent"/> implementations: optimizer states as one safetensors file
/// (buffers named "&lt;optimizer&gt;/&lt;buffer&gt;", step counts in the metadata), binary state files flushed to
/// disk, and generator states as readable manifest facts.
/// </summary>
public static class CheckpointFiles
{
    /// <summary>
    /// Writes several networks into one safetensors file, each parameter named "&lt;network&gt;/&lt;state-dict name&gt;"
    /// (one file, so one flush to disk, however many networks).
    /// </summary>
    public static void SaveNetworks(string path, IEnumerable<(string Name, Module Network)> networks, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(networks);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, network) in networks)
            foreach (var (key, tensor) in network.StateDict()) tensors[$"{name}/{key}"] = tensor;
        Safetensors.Save(path, tensors, metadata);
    }

    /// <summary>Loads networks saved by <see cref="SaveNetworks"/> (strict: missing, extra or misshapen parameters are an <see cref="InvalidDataException"/>).</summary>
    public static void LoadNetworks(string path, IEnumerable<(string Name, Module Network)> networks)
    {
        ArgumentNullException.ThrowIfNull(networks);
        var content = Safetensors.Load(path);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, network) in networks)
        {
            string prefix = name + "/";
            var state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (var (key, tensor) in content.Tensors)
            {
                if (!key.StartsWith(prefix, StringComparison.Ordinal)) continue;
                state[key[prefix.Length..]] = tensor;
                used.Add(key);
            }
            try
            {
                network.LoadStateDict(state, strict: true);
            }
            catch (Exception e) when (e is KeyNotFoundException or ArgumentException)
            {
                throw new InvalidDataException($"{path}: network '{name}': {e.Message}", e);
            }
        }
        string? extra = content.Tensors.Keys.FirstOrDefault(k => !used.Contains(k));
        if (extra is not null) throw new InvalidDataException($"{path}: unexpected tensor '{extra}'");
    }

    /// <summary>Writes the state of every named optimizer to <paramref name="path"/>.</summary>
    public static void SaveOptimizers(string path, IEnumerable<(string Name, Optimizer Optimizer)> optimizers)
    {
        ArgumentNullException.ThrowIfNull(optimizers);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, optimizer) in optimizers)
        {
            var state = optimizer.ExportState();
            metadata[name + ".step"] = state.Step.ToString(CultureInfo.InvariantCulture);
            foreach (var (key, values) in state.Buffers)
            {
                var t = Tensor.Parameter(new Shape(values.Length), $"{name}/{key}");
                values.CopyTo(t.Span);
                tensors[$"{name}/{key}"] = t;
            }
        }
        Safetensors.Save(path, tensors, metadata);
    }

    /// <summary>Restores every named optimizer from a file written by <see cref="SaveOptimizers"/>; anything missing or extra is an <see cref="InvalidDataException"/>.</summary>
    public static void LoadOptimizers(string path, IEnumerable<(string Name, Optimizer Optimizer)> optimizers)
    {
        ArgumentNullException.ThrowIfNull(optimizers);
        var content = Safetensors.Load(path);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, optimizer) in optimizers)
        {
            if (!content.Metadata.TryGetValue(name + ".step", out string? stepText)
                || !long.TryParse(stepText, NumberStyles.None, CultureInfo.InvariantCulture, out long step))
                throw new InvalidDataException($"{path}: no step count for optimizer '{name}'");
            var buffers = new Dictionary<string, float[]>(StringComparer.Ordinal);
            string prefix = name + "/";
            foreach (var (key, tensor) in content.Tensors)
            {
                if (!key.StartsWith(prefix, StringComparison.Ordinal)) continue;
                buffers[key[prefix.Length..]] = tensor.Span.ToArray();
                used.Add(key);
            }
            try
            {
                optimizer.ImportState(new OptimizerState(step, buffers));
            }
            catch (Exception e) when (e is ArgumentException or KeyNotFoundException)
            {
                throw new InvalidDataException($"{path}: optimizer '{name}': {e.Message}", e);
            }
        }
        string? extra = content.Tensors.Keys.FirstOrDefault(k => !used.Contains(k));
        if (extra is not null) throw new InvalidDataException($"{path}: unexpected tensor '{extra}'");
    }

    /// <summary>Writes a new file through a <see cref="BinaryWriter"/> and flushes it to disk.</summary>
    public static void WriteBinary(string path, Action<BinaryWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true)) write(writer);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Reads a whole binary state file; short, long or malformed data is an <see cref="InvalidDataException"/> naming the file.</summary>
    public static void ReadBinary(string path, Action<BinaryReader> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            read(reader);
            if (stream.Position != stream.Length) throw new InvalidDataException($"{stream.Length - stream.Position} unread bytes at the end");
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or NotSupportedException)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>A generator state as a manifest fact: the four words in hex.</summary>
    public static string Describe(RngState state) =>
        string.Create(CultureInfo.InvariantCulture, $"{state.S0:x16}{state.S1:x16}{state.S2:x16}{state.S3:x16}");
}
