using System.Text;
using System.Text.Json;

namespace Distral.Experiments;

/// <summary>
/// manifest.json of a checkpoint folder (<see cref="RunDirectory.CheckpointManifestFileName"/>): what the run was (config, algorithm, seed, tasks), how far it got
/// (episodes per task, env steps, wall time, metrics.csv rows, TensorBoard bytes), what the agent reports
/// (counters, generator states) and every other file of the folder with its size and SHA-256, so a truncated or
/// corrupt checkpoint is recognised before anything is loaded. Written last, after every file is on disk.
/// </summary>
public sealed record CheckpointManifest
{
    /// <summary>The value of the "format" field.</summary>
    public const string FormatName = "distral-checkpoint";

    /// <summary>The manifest version this code writes and reads.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Why it was written: "periodic", "interrupted" or "final".</summary>
    public required string Reason { get; init; }

    /// <summary>UTC time of writing (ISO 8601).</summary>
    public required string CreatedUtc { get; init; }

    /// <summary>The config's algorithm.</summary>
    public required string Algorithm { get; init; }

    /// <summary>The run seed.</summary>
    public required ulong Seed { get; init; }

    /// <summary>Task names in run order.</summary>
    public required IReadOnlyList<string> Tasks { get; init; }

    /// <summary>The episodes per task the run was asked for when this was written.</summary>
    public required int EpisodesTarget { get; init; }

    /// <summary>Finished episodes per task.</summary>
    public required IReadOnlyList<int> EpisodesDone { get; init; }

    /// <summary>Environment steps so far (all tasks).</summary>
    public required long EnvSteps { get; init; }

    /// <summary>Training wall time so far (metrics.csv's wall_seconds continues from here).</summary>
    public required double WallSeconds { get; init; }

    /// <summary>Data rows of metrics.csv covered by this checkpoint (a copy is in the folder).</summary>
    public required int MetricsRows { get; init; }

    /// <summary>The TensorBoard event file's name in the run directory, or null.</summary>
    public string? TensorBoardFile { get; init; }

    /// <summary>Bytes of the event file covered by this checkpoint (later records are dropped on resume).</summary>
    public long TensorBoardBytes { get; init; }

    /// <summary>True when envs.bin holds every environment's state, so episodes in progress resume exactly.</summary>
    public required bool EnvStates { get; init; }

    /// <summary>Facts the agent reports (counters, generator states), for people and tools.</summary>
    public IReadOnlyDictionary<string, string> Agent { get; init; } = new Dictionary<string, string>();

    /// <summary>The resolved config as YAML (what config.yaml held).</summary>
    public required string Config { get; init; }

    /// <summary>Every other file in the folder.</summary>
    public IReadOnlyList<CheckpointFile> Files { get; init; } = [];

    /// <summary>Indented JSON with snake_case names.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("format", FormatName);
            w.WriteNumber("version", CurrentVersion);
            w.WriteString("reason", Reason);
            w.WriteString("created_utc", CreatedUtc);
            w.WriteString("algorithm", Algorithm);
            w.WriteNumber("seed", Seed);
            w.WriteStartArray("tasks");
            foreach (string t in Tasks) w.WriteStringValue(t);
            w.WriteEndArray();
            w.WriteNumber("episodes_target", EpisodesTarget);
            w.WriteStartArray("episodes_done");
            foreach (int e in EpisodesDone) w.WriteNumberValue(e);
            w.WriteEndArray();
            w.WriteNumber("env_steps", EnvSteps);
            w.WriteNumber("wall_seconds", WallSeconds);
            w.WriteNumber("metrics_rows", MetricsRows);
            if (TensorBoardFile is null) w.WriteNull("tensorboard_file"); else w.WriteString("tensorboard_file", TensorBoardFile);
            w.WriteNumber("tensorboard_bytes", TensorBoardBytes);
            w.WriteBoolean("env_states", EnvStates);
            w.WriteStartObject("agent");
            foreach (var (k, v) in Agent.OrderBy(e => e.Key, StringComparer.Ordinal)) w.WriteString(k, v);
            w.WriteEndObject();
            w.WriteString("config", Config);
            w.WriteStartArray("files");
            foreach (var f in Files)
            {
                w.WriteStartObject();
                w.WriteString("name", f.Name);
                w.WriteNumber("bytes", f.Bytes);
                w.WriteString("sha256", f.Sha256);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Parses manifest JSON; anything missing, mistyped or of another format throws <see cref="InvalidDataException"/>.</summary>
    public static CheckpointManifest Parse(string json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"not valid JSON ({e.Message.TrimEnd('.')})", e);
        }
        using (doc)
        {
            try
            {
                var r = doc.RootElement;
                if (r.ValueKind != JsonValueKind.Object || !r.TryGetProperty("format", out var format) || format.GetString() != FormatName)
                    throw new InvalidDataException($"not a {FormatName} manifest");
                int version = r.GetProperty("version").GetInt32();
                if (version != CurrentVersion) throw new InvalidDataException($"manifest version {version} is not supported (this build reads {CurrentVersion})");
                var tb = r.GetProperty("tensorboard_file");
                return new CheckpointManifest
                {
                    Reason = r.GetProperty("reason").GetString()!,
                    CreatedUtc = r.GetProperty("created_utc").GetString()!,
                    Algorithm = r.GetProperty("algorithm").GetString()!,
                    Seed = r.GetProperty("seed").GetUInt64(),
                    Tasks = [.. r.GetProperty("tasks").EnumerateArray().Select(e => e.GetString()!)],
                    EpisodesTarget = r.GetProperty("episodes_target").GetInt32(),
                    EpisodesDone = [.. r.GetProperty("episodes_done").EnumerateArray().Select(e => e.GetInt32())],
                    EnvSteps = r.GetProperty("env_steps").GetInt64(),
                    WallSeconds = r.GetProperty("wall_seconds").GetDouble(),
                    MetricsRows = r.GetProperty("metrics_rows").GetInt32(),
                    TensorBoardFile = tb.ValueKind == JsonValueKind.Null ? null : tb.GetString(),
                    TensorBoardBytes = r.GetProperty("tensorboard_bytes").GetInt64(),
                    EnvStates = r.GetProperty("env_states").GetBoolean(),
                    Agent = r.GetProperty("agent").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal),
                    Config = r.GetProperty("config").GetString()!,
                    Files = [.. r.GetProperty("files").EnumerateArray().Select(f => new CheckpointFile(
                        f.GetProperty("name").GetString()!, f.GetProperty("bytes").GetInt64(), f.GetProperty("sha256").GetString()!))],
                };
            }
            catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new InvalidDataException($"malformed manifest ({e.Message.TrimEnd('.')})", e);
            }
        }
    }
}
