using System.Text;
using System.Text.Json;
using Distral.Agents.PolicyDistillation;

namespace Distral.Experiments;

/// <summary>
/// The content of summary.json (fields documented in docs/cli.md, "Run directory"; scripts and older runs rely on
/// the names, so they do not change); <see cref="ToJson"/> and <see cref="Parse"/>.
/// </summary>
/// <param name="Algorithm">The config's algorithm name.</param>
/// <param name="Seed">The run seed.</param>
/// <param name="EnvSteps">Environment steps of training (all tasks).</param>
/// <param name="WallSeconds">Training wall time.</param>
/// <param name="StepsPerSecond">EnvSteps / WallSeconds.</param>
/// <param name="Tasks">Per-task results in run order.</param>
/// <param name="Distilled">Greedy pi_0 results when the algorithm learns pi_0, else null.</param>
/// <param name="Pi0Corridor">Corridor probabilities on the two-room family when pi_0 exists, else null.</param>
/// <param name="Teachers">Greedy results of the teachers of a distilled student (policy-distillation, actor-mimic), else null.</param>
/// <param name="Transfer">Where the networks started from (`prior_run`, `init_from`), else null (from scratch).</param>
/// <param name="ReachedTeachers">A student's first periodic check that matched every teacher (written as
/// <c>reached_teachers</c> for students only, null when it never did).</param>
public sealed record RunSummary(
    string Algorithm,
    ulong Seed,
    long EnvSteps,
    double WallSeconds,
    double StepsPerSecond,
    IReadOnlyList<TaskSummary> Tasks,
    DistilledSummary? Distilled,
    CorridorSummary? Pi0Corridor,
    DistilledSummary? Teachers = null,
    TransferSummary? Transfer = null,
    TeachersReached? ReachedTeachers = null)
{
    /// <summary>Indented JSON with the contract's snake_case names; unknown values are null.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("algorithm", Algorithm);
            w.WriteNumber("seed", Seed);
            w.WriteNumber("env_steps", EnvSteps);
            w.WriteNumber("wall_seconds", Math.Round(WallSeconds, 3));
            w.WriteNumber("steps_per_second", Math.Round(StepsPerSecond, 1));
            w.WriteStartArray("tasks");
            foreach (var t in Tasks)
            {
                w.WriteStartObject();
                w.WriteString("name", t.Name);
                w.WriteNumber("episodes", t.Episodes);
                if (t.ShortestPath is int sp) w.WriteNumber("shortest_path", sp); else w.WriteNull("shortest_path");
                if (t.OptimalReturn is double or) w.WriteNumber("optimal_return", or); else w.WriteNull("optimal_return");
                WriteFinite(w, "mean_duration_last50", t.MeanDurationLast50);
                WriteFinite(w, "mean_duration_all", t.MeanDurationAll);
                WriteFinite(w, "mean_return_last50", t.MeanReturnLast50);
                w.WriteNumber("greedy_steps", t.GreedySteps);
                WriteFinite(w, "greedy_return", t.GreedyReturn);
                if (t.MeanShortestPath is double msp) w.WriteNumber("mean_shortest_path", Math.Round(msp, 4)); else w.WriteNull("mean_shortest_path");
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (Distilled is not null) WriteGreedy(w, "distilled", Distilled);
            if (Teachers is not null)
            {
                WriteGreedy(w, "teachers", Teachers);
                if (ReachedTeachers is TeachersReached r)
                {
                    w.WriteStartObject("reached_teachers");
                    w.WriteNumber("distill_updates", r.Updates);
                    w.WriteNumber("env_steps", r.EnvSteps);
                    w.WriteEndObject();
                }
                else
                {
                    w.WriteNull("reached_teachers");
                }
            }
            if (Transfer is not null)
            {
                w.WriteStartObject("transfer");
                w.WriteString("from", Transfer.From);
                w.WriteString("mode", Transfer.Mode);
                if (Transfer.InitFrom is not null) w.WriteString("init_from", Transfer.InitFrom);
                w.WriteEndObject();
            }
            if (Pi0Corridor is not null)
            {
                w.WriteStartObject("pi0_corridor");
                WriteFinite(w, "p_continue", Pi0Corridor.PContinue);
                WriteFinite(w, "p_vertical", Pi0Corridor.PVertical);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads a summary.json; a malformed file throws <see cref="ConfigException"/> naming <paramref name="source"/>.</summary>
    public static RunSummary Parse(string json, string source)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            var tasks = root.GetProperty("tasks").EnumerateArray().Select(t => new TaskSummary(
                t.GetProperty("name").GetString() ?? "",
                t.GetProperty("episodes").GetInt32(),
                NullableInt(t.GetProperty("shortest_path")),
                NullableDouble(t.GetProperty("optimal_return")),
                Double(t.GetProperty("mean_duration_last50")),
                Double(t.GetProperty("mean_duration_all")),
                Double(t.GetProperty("mean_return_last50")),
                t.GetProperty("greedy_steps").GetInt32(),
                Double(t.GetProperty("greedy_return")),
                t.TryGetProperty("mean_shortest_path", out var msp) ? NullableDouble(msp) : null)).ToList();
            var distilled = root.TryGetProperty("distilled", out var d) ? ReadGreedy(d) : null;
            var teachers = root.TryGetProperty("teachers", out var te) ? ReadGreedy(te) : null;
            TransferSummary? transfer = null;
            if (root.TryGetProperty("transfer", out var tr))
                transfer = new TransferSummary(tr.GetProperty("from").GetString() ?? "", tr.GetProperty("mode").GetString() ?? "",
                    tr.TryGetProperty("init_from", out var i) ? i.GetString() : null);
            TeachersReached? reached = root.TryGetProperty("reached_teachers", out var re) && re.ValueKind != JsonValueKind.Null
                ? new TeachersReached(re.GetProperty("distill_updates").GetInt64(), re.GetProperty("env_steps").GetInt64())
                : null;
            CorridorSummary? corridor = null;
            if (root.TryGetProperty("pi0_corridor", out var c))
                corridor = new CorridorSummary(Double(c.GetProperty("p_continue")), Double(c.GetProperty("p_vertical")));
            return new RunSummary(
                root.GetProperty("algorithm").GetString() ?? "",
                root.GetProperty("seed").GetUInt64(),
                root.GetProperty("env_steps").GetInt64(),
                root.GetProperty("wall_seconds").GetDouble(),
                root.GetProperty("steps_per_second").GetDouble(),
                tasks,
                distilled,
                corridor,
                teachers,
                transfer,
                reached);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new ConfigException($"{source}: not a valid summary.json ({e.Message.ReplaceLineEndings(" ")})", e);
        }
    }

    private static void WriteGreedy(Utf8JsonWriter w, string name, DistilledSummary greedy)
    {
        w.WriteStartObject(name);
        w.WriteStartArray("greedy_steps");
        foreach (int s in greedy.GreedySteps) w.WriteNumberValue(s);
        w.WriteEndArray();
        w.WriteStartArray("greedy_return");
        foreach (double r in greedy.GreedyReturn) w.WriteNumberValue(Math.Round(r, 6));
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static DistilledSummary ReadGreedy(JsonElement e) => new(
        [.. e.GetProperty("greedy_steps").EnumerateArray().Select(x => x.GetInt32())],
        [.. e.GetProperty("greedy_return").EnumerateArray().Select(Double)]);

    // JSON has no NaN; an undefined mean (no episodes) is written as null.
    private static void WriteFinite(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value)) w.WriteNumber(name, Math.Round(value, 6));
        else w.WriteNull(name);
    }

    private static int? NullableInt(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetInt32();

    private static double? NullableDouble(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetDouble();

    private static double Double(JsonElement e) => e.ValueKind == JsonValueKind.Null ? double.NaN : e.GetDouble();
}
