using System.Globalization;
using System.Text;
using System.Text.Json;
using Distral.Experiments;

namespace Distral.Cli;

/// <summary>
/// <c>distral eval RUN_DIR [--tasks a,b] [--episodes N] [--stochastic] [--distilled] [--policy taskK|distilled] [--json]</c>:
/// rebuilds a finished run's agent from its final checkpoint and evaluates its task policies (and pi_0) on the run's
/// tasks or on new ones.
/// </summary>
internal static class EvalCommand
{
    public const string Usage = "usage: distral eval RUN_DIR [--tasks a,b,...] [--episodes N] [--stochastic] [--distilled] [--policy taskK|distilled] [--json]";

    private static readonly string[] Help =
    [
        Usage,
        "  RUN_DIR           a finished run directory (config.yaml and checkpoints/final/*.safetensors)",
        "  --tasks a,b,...   tasks to evaluate on (names, ranges like two-room-random:5..9, map files); default: the run's tasks.",
        "                    A run task is played by its own task policy, a new task by pi_0 (or by --policy)",
        "  --episodes N      episodes per task and policy (default 10)",
        "  --stochastic      sample actions from the policies (default: greedy, the most probable action)",
        "  --distilled       also evaluate the distilled policy pi_0 on every task",
        "  --policy P        the policy acting on every task: taskK (task K's policy) or distilled",
        "  --json            one JSON object on stdout instead of the table",
        "success = the episode ended at the goal (terminated) rather than at the time limit",
    ];

    private static readonly string[] Flags = ["--stochastic", "--distilled", "--json"];
    private static readonly string[] Valued = ["--tasks", "--episodes", "--policy"];

    public static int Run(string[] args, TextWriter stdout)
    {
        var a = VerbArguments.Parse("eval", Usage, args, Flags, Valued);
        if (a.Help)
        {
            foreach (string line in Help) stdout.WriteLine(line);
            return CommandLine.Ok;
        }
        if (a.Positionals.Count != 1) throw a.Error(a.Positionals.Count == 0 ? "no run directory given" : $"expected one run directory, got {a.Positionals.Count}");
        int episodes = a.Int("--episodes", 10);
        EvalPolicy? policy = a.Value("--policy") is string p ? EvalPolicy.Parse(p, "--policy") : null;
        IReadOnlyList<string>? tasks = a.Value("--tasks") is string t ? SplitTasks(t) : null;
        bool greedy = !a.Has("--stochastic");

        var run = RunLoader.Load(a.Positionals[0]);
        var targets = RunEvaluator.Plan(run, tasks, policy, a.Has("--distilled"));
        var results = RunEvaluator.Evaluate(run, targets, episodes, greedy);
        if (a.Has("--json"))
        {
            stdout.WriteLine(ToJson(run, results, episodes, greedy));
            return CommandLine.Ok;
        }
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{run.Config.Algorithm} seed {run.Config.Seed} from {run.Directory}: {episodes} {(greedy ? "greedy" : "stochastic")} episode(s) per task and policy, max {run.Config.MaxEpisodeSteps} steps"));
        TextTable.Write(stdout, ["task", "policy", "steps", "return", "success", "shortest", "optimal return"],
            [.. results.Select(r => (IReadOnlyList<string>)[
                r.Task, r.Policy, Stat(r.MeanSteps, r.SdSteps, r.Episodes, "F1"), Stat(r.MeanReturn, r.SdReturn, r.Episodes, "F2"),
                Invariant($"{r.SuccessRate:P0}"), r.ShortestPath?.ToString(CultureInfo.InvariantCulture) ?? "-", r.OptimalReturn is double o ? Invariant($"{o:F2}") : "-"])]);
        return CommandLine.Ok;
    }

    /// <summary>The --json output: run, algorithm, seed, episodes, greedy and one object per (task, policy).</summary>
    internal static string ToJson(LoadedRun run, IReadOnlyList<EvalResult> results, int episodes, bool greedy)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("run", run.Directory);
            w.WriteString("algorithm", run.Config.Algorithm);
            w.WriteNumber("seed", run.Config.Seed);
            w.WriteNumber("episodes", episodes);
            w.WriteBoolean("greedy", greedy);
            w.WriteStartArray("results");
            foreach (var r in results)
            {
                w.WriteStartObject();
                w.WriteString("task", r.Task);
                w.WriteString("policy", r.Policy);
                w.WriteNumber("episodes", r.Episodes);
                w.WriteNumber("mean_steps", Math.Round(r.MeanSteps, 6));
                w.WriteNumber("sd_steps", Math.Round(r.SdSteps, 6));
                w.WriteNumber("mean_return", Math.Round(r.MeanReturn, 6));
                w.WriteNumber("sd_return", Math.Round(r.SdReturn, 6));
                w.WriteNumber("success_rate", Math.Round(r.SuccessRate, 6));
                if (r.ShortestPath is int sp) w.WriteNumber("shortest_path", sp); else w.WriteNull("shortest_path");
                if (r.OptimalReturn is double or) w.WriteNumber("optimal_return", or); else w.WriteNull("optimal_return");
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>A comma-separated task list; an empty entry is a user error.</summary>
    internal static IReadOnlyList<string> SplitTasks(string text)
    {
        var tasks = text.Split(',').Select(t => t.Trim()).ToList();
        if (tasks.Any(t => t.Length == 0)) throw new UserErrorException($"eval: --tasks {text}: empty task name");
        return tasks;
    }

    private static string Stat(double mean, double sd, int n, string format) =>
        n > 1 ? mean.ToString(format, CultureInfo.InvariantCulture) + " ± " + sd.ToString(format, CultureInfo.InvariantCulture) : mean.ToString(format, CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
