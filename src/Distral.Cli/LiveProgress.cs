using System.Globalization;
using Distral.Agents;
using Distral.Experiments;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Distral.Cli;

/// <summary>
/// Live progress of train/compare/sweep on a terminal (Spectre.Console): per task (one run) or per run (several),
/// episodes done of the total, recent mean return and duration, steps per second and ETA. Training threads only
/// update <see cref="LiveProgressRun"/> counters; a separate thread redraws a few times a second, so the display
/// costs training next to nothing. Not used when stdout is redirected (CI) or with --quiet: plain lines then.
/// </summary>
internal sealed class LiveProgress : IDisposable
{
    /// <summary>How often the display is redrawn.</summary>
    public static readonly TimeSpan DefaultRefresh = TimeSpan.FromMilliseconds(250);

    /// <summary>At most this many runs are listed (unfinished first); the rest are counted in the caption.</summary>
    public const int MaxRunRows = 12;

    private readonly IAnsiConsole _console;
    private readonly int _expectedRuns;
    private readonly List<LiveProgressRun> _runs = [];
    private readonly ManualResetEventSlim _stop = new(false);
    private Thread? _thread;

    /// <summary>A display on <paramref name="console"/> for <paramref name="expectedRuns"/> runs; call <see cref="Start"/> to draw.</summary>
    public LiveProgress(IAnsiConsole console, int expectedRuns = 1)
    {
        _console = console;
        _expectedRuns = Math.Max(1, expectedRuns);
    }

    /// <summary>True when <paramref name="stdout"/> is the process's interactive terminal (not redirected, not a test writer).</summary>
    public static bool IsTerminal(TextWriter stdout) =>
        ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>A started display on the terminal, or null when plain lines should be written instead (redirected, CI, --quiet).</summary>
    public static LiveProgress? StartOnTerminal(TextWriter stdout, bool quiet, int expectedRuns = 1)
    {
        if (quiet || !IsTerminal(stdout)) return null;
        var live = new LiveProgress(AnsiConsole.Console, expectedRuns);
        live.Start(DefaultRefresh);
        return live;
    }

    /// <summary>Starts the redraw thread.</summary>
    public void Start(TimeSpan refresh)
    {
        if (_thread is not null) return;
        _thread = new Thread(() => Loop(refresh)) { IsBackground = true, Name = "distral live progress" };
        _thread.Start();
    }

    /// <summary>Follows a run of <paramref name="config"/> called <paramref name="label"/>; the returned observer forwards to <paramref name="inner"/>.</summary>
    public LiveProgressRun Track(string label, RunConfig config, ITrainingObserver? inner = null)
    {
        var names = TaskResolver.Resolve(config.Tasks).Select(t => t.Name).ToList();
        var run = new LiveProgressRun(label, names, config.Episodes, inner);
        lock (_runs) _runs.Add(run);
        return run;
    }

    /// <summary><paramref name="request"/> with its observer wrapped by a tracked run (label: algorithm and seed).</summary>
    public RunRequest Attach(RunRequest request) =>
        request with { Observer = Track($"{request.Config.Algorithm} seed {request.Config.Seed}", request.Config, request.Observer) };

    /// <summary>The display as it looks now.</summary>
    public IRenderable Render()
    {
        List<LiveProgressSnapshot> snapshots;
        lock (_runs) snapshots = [.. _runs.Select(r => r.Snapshot())];
        if (snapshots.Count == 0) return new Text("starting...");
        return snapshots.Count == 1 && _expectedRuns == 1 ? RenderTasks(snapshots[0]) : RenderRuns(snapshots);
    }

    /// <summary>Stops redrawing (after one last frame).</summary>
    public void Dispose()
    {
        _stop.Set();
        _thread?.Join();
        _stop.Dispose();
    }

    private void Loop(TimeSpan refresh)
    {
        _console.Live(Render()).AutoClear(false).Overflow(VerticalOverflow.Ellipsis).Start(context =>
        {
            while (!_stop.Wait(refresh))
            {
                context.UpdateTarget(Render());
                context.Refresh();
            }
            context.UpdateTarget(Render());
            context.Refresh();
        });
    }

    private static Table RenderTasks(LiveProgressSnapshot s)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(new TableTitle(Markup.Escape(s.Label)))
            .AddColumn("task").AddColumn(new TableColumn("episodes").RightAligned())
            .AddColumn(new TableColumn($"return (last {LiveProgressRun.RecentWindow})").RightAligned())
            .AddColumn(new TableColumn($"steps (last {LiveProgressRun.RecentWindow})").RightAligned());
        foreach (var t in s.Tasks)
            table.AddRow(new Text(t.Name), new Text(Invariant($"{Math.Min(t.Episodes, s.EpisodesPerTask)}/{s.EpisodesPerTask}")), new Text(F(t.RecentReturn, "F2")), new Text(F(t.RecentSteps, "F1")));
        table.Caption(new TableTitle(Invariant($"{s.EnvSteps} env steps, {s.StepsPerSecond:F0} steps/s, {Time(s.ElapsedSeconds)} elapsed, ") + (s.Finished ? "training done" : "ETA " + Time(s.EtaSeconds))));
        return table;
    }

    private Table RenderRuns(IReadOnlyList<LiveProgressSnapshot> snapshots)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("run").AddColumn(new TableColumn("episodes").RightAligned())
            .AddColumn(new TableColumn("return (recent, mean of tasks)").RightAligned()).AddColumn(new TableColumn("steps (recent)").RightAligned())
            .AddColumn(new TableColumn("steps/s").RightAligned()).AddColumn(new TableColumn("ETA").RightAligned());
        // Unfinished runs first: they are what the user waits for.
        foreach (var s in snapshots.OrderBy(s => s.Finished).Take(MaxRunRows))
        {
            double ret = Mean(s.Tasks.Select(t => t.RecentReturn)), steps = Mean(s.Tasks.Select(t => t.RecentSteps));
            table.AddRow(new Text(s.Label), new Text(Invariant($"{Math.Min(s.SlowestEpisodes, s.EpisodesPerTask)}/{s.EpisodesPerTask}")), new Text(F(ret, "F2")),
                new Text(F(steps, "F1")), new Text(F(s.StepsPerSecond, "F0")), new Text(s.Finished ? "done" : Time(s.EtaSeconds)));
        }
        int finished = snapshots.Count(s => s.Finished);
        int waiting = Math.Max(0, _expectedRuns - snapshots.Count);
        table.Caption(new TableTitle(Invariant($"{finished} of {_expectedRuns} runs trained, {snapshots.Count - finished} running, {waiting} waiting")
            + (snapshots.Count > MaxRunRows ? Invariant($" ({snapshots.Count - MaxRunRows} more not listed)") : "")));
        return table;
    }

    /// <summary>"1:05" or "1:02:03"; "?" while unknown.</summary>
    internal static string Time(double seconds)
    {
        if (!double.IsFinite(seconds) || seconds < 0) return "?";
        var t = TimeSpan.FromSeconds(Math.Round(seconds));
        return t.TotalHours >= 1 ? Invariant($"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}") : Invariant($"{t.Minutes}:{t.Seconds:00}");
    }

    private static double Mean(IEnumerable<double> values)
    {
        var v = values.Where(double.IsFinite).ToList();
        return v.Count == 0 ? double.NaN : v.Average();
    }

    private static string F(double value, string format) => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "-";

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
