using System.Globalization;
using System.Text;
using Distral.Envs;
using Distral.Experiments;

namespace Distral.Cli;

/// <summary>
/// <c>distral show RUN_DIR [--policy taskK|distilled] [--task NAME] [--corridor] [--svg FILE]</c>: the greedy action of
/// a trained policy in every cell of a gridworld as ASCII arrows (and optionally as SVG), or with --corridor the
/// paper's Fig. 3 view: pi_0 in the two-room corridor given the previous action.
/// </summary>
internal static class ShowCommand
{
    public const string Usage = "usage: distral show RUN_DIR [--policy taskK|distilled] [--task NAME] [--corridor] [--svg FILE]";

    private static readonly string[] Help =
    [
        Usage,
        "  RUN_DIR          a finished run directory (config.yaml and checkpoints/final/*.safetensors)",
        "  --policy P       taskK (task K's policy) or distilled (pi_0); default: the shown task's own policy (pi_0 on a new task)",
        "  --task NAME      the gridworld to draw on: one of the run's tasks or any other with the same observations;",
        "                   default: the first task (task K's with --policy taskK)",
        "  --corridor       pi_0's probabilities of up/down/left/right in each corridor cell of the two-room map after",
        "                   moving left or right (paper Fig. 3), and their averages as in summary.json",
        "  --svg FILE       also write the map with policy arrows (length = probability) as an SVG file",
        "arrows: ^ up, v down, < left, > right (the most probable action with the cell encoded as at the start of an episode); # wall, G goal",
    ];

    private static readonly string[] Flags = ["--corridor"];
    private static readonly string[] Valued = ["--policy", "--task", "--svg"];
    private static readonly char[] ArrowOf = ['^', 'v', '<', '>'];

    public static int Run(string[] args, TextWriter stdout)
    {
        var a = VerbArguments.Parse("show", Usage, args, Flags, Valued);
        if (a.Help)
        {
            foreach (string line in Help) stdout.WriteLine(line);
            return CommandLine.Ok;
        }
        if (a.Positionals.Count != 1) throw a.Error(a.Positionals.Count == 0 ? "no run directory given" : $"expected one run directory, got {a.Positionals.Count}");
        EvalPolicy? policy = a.Value("--policy") is string p ? EvalPolicy.Parse(p, "--policy") : null;
        var run = RunLoader.Load(a.Positionals[0]);
        if (a.Has("--corridor"))
        {
            WriteCorridor(stdout, run);
            if (a.Value("--svg") is null && a.Value("--task") is null && policy is null) return CommandLine.Ok;
            stdout.WriteLine();
        }

        string taskName = a.Value("--task") ?? (policy is { IsDistilled: false } k && k.Task < run.Tasks.Count ? run.Tasks[k.Task].Name : run.Tasks[0].Name);
        var target = RunEvaluator.Plan(run, [taskName], policy, distilled: false)[0];
        int own = run.TaskIndex(target.Task.Name);
        var env = own >= 0 ? run.Envs[own] : target.Task.Spec.Create(0);
        var world = RunLoader.GridOf(env) ?? throw new UserErrorException($"show: task '{target.Task.Name}' is not a gridworld (nothing to draw arrows on)");
        int obsSize = run.Envs[0].ObservationSpace.Size;
        if (!SvgPolicyMaps.EncodesFor(world, obsSize))
            throw new UserErrorException($"show: task '{target.Task.Name}' encodes cells differently from the run's tasks ({obsSize} observation values)");

        var agent = run.Agent;
        var chosen = target.Policy;
        var cells = SvgPolicyMaps.CellPolicy(world, obsSize, (obs, probs) =>
        {
            if (chosen.IsDistilled)
            {
                agent.DistilledProbabilities(obs, probs);
                return;
            }
            probs.Clear();
            probs[agent.Act(chosen.Task, obs, greedy: true)] = 1f;
        });
        string who = chosen.IsDistilled ? "the distilled policy pi_0" : $"task {chosen.Task}'s policy ({run.Tasks[chosen.Task].Name})";
        stdout.WriteLine($"most probable action of {who} on {target.Task.Name}:");
        stdout.WriteLine(Arrows(world.Map, cells));
        stdout.WriteLine("^ up, v down, < left, > right; # wall, G goal" + (world.Map.Start is GridPoint s ? Invariant($"; start ({s.Row},{s.Col})") : "; random start"));
        if (a.Value("--svg") is string svgPath)
        {
            int cellSize = Math.Clamp(480 / Math.Max(world.Map.Rows, world.Map.Cols), 12, 40);
            try
            {
                File.WriteAllText(svgPath, GridRenderer.Svg(world.Map, null, cells, cellSize));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                throw new UserErrorException($"show: --svg {svgPath}: cannot write ({e.Message.TrimEnd('.')})");
            }
            stdout.WriteLine($"wrote {svgPath}");
        }
        return CommandLine.Ok;
    }

    /// <summary>One line per map row: the arrow of each free cell's most probable action, '#' for walls, 'G' for the goal.</summary>
    internal static string Arrows(GridMap map, ReadOnlySpan<float> cellPolicy)
    {
        var sb = new StringBuilder((map.Cols + 1) * map.Rows);
        for (int r = 0; r < map.Rows; r++)
        {
            if (r > 0) sb.Append('\n');
            for (int c = 0; c < map.Cols; c++)
            {
                var cell = new GridPoint(r, c);
                if (map.IsWall(cell)) sb.Append('#');
                else if (cell == map.Goal) sb.Append('G');
                else sb.Append(ArrowOf[ArgMax(cellPolicy.Slice(map.CellIndex(cell) * GridWorld.ActionCount, GridWorld.ActionCount))]);
            }
        }
        return sb.ToString();
    }

    private static void WriteCorridor(TextWriter stdout, LoadedRun run)
    {
        var cells = CorridorProbe.PerCell(run);
        var averages = CorridorProbe.Averages(run);
        stdout.WriteLine("pi_0 in the two-room corridor (paper Fig. 3): probabilities after arriving by moving left or right, previous reward = the step reward");
        TextTable.Write(stdout, ["cell", "arrived moving", "up", "down", "left", "right", "P(continue)"],
            [.. cells.Select(c => (IReadOnlyList<string>)[
                Invariant($"({c.Cell.Row},{c.Cell.Col})"), c.PreviousAction == GridWorld.Left ? "left" : "right",
                P(c.Probabilities[GridWorld.Up]), P(c.Probabilities[GridWorld.Down]), P(c.Probabilities[GridWorld.Left]), P(c.Probabilities[GridWorld.Right]),
                P(c.Probabilities[c.PreviousAction])])]);
        stdout.WriteLine(Invariant($"average over the cells and both directions: P(continue) {averages.PContinue:F3}, P(up or down) {averages.PVertical:F3}"));
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }

    private static string P(float value) => value.ToString("F3", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
