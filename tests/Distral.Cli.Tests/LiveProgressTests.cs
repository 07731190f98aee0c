using Distral.Agents;
using Distral.Cli;
using Distral.Experiments;
using Spectre.Console;

namespace Distral.Cli.Tests;

public class LiveProgressTests
{
    private sealed class CountingObserver : ITrainingObserver
    {
        public int Episodes, Scalars;
        public void OnEpisode(in EpisodeRecord episode) => Episodes++;
        public void OnDiagnostic(in TrainingDiagnostic diagnostic) => Scalars++;
    }

    private static (IAnsiConsole Console, StringWriter Text) TestConsole()
    {
        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(text),
        });
        console.Profile.Width = 160;
        return (console, text);
    }

    [Fact]
    public void SnapshotHasRecentMeansStepsPerSecondAndEta()
    {
        double now = 0;
        var inner = new CountingObserver();
        var run = new LiveProgressRun("run", ["a", "b"], 100, inner, () => now);
        long steps = 0;
        // Task a: 30 episodes of 10 steps, return -1 except the last 20 which are -0.5; task b: 25 episodes of 4 steps.
        for (int k = 0; k < 30; k++)
        {
            steps += 10;
            run.OnEpisode(new EpisodeRecord(0, k, 10, k < 10 ? -1 : -0.5, steps));
            if (k < 25)
            {
                steps += 4;
                run.OnEpisode(new EpisodeRecord(1, k, 4, 1, steps));
            }
        }
        run.OnDiagnostic(new TrainingDiagnostic("loss", DiagnosticKind.Loss, 0, 1, steps));
        now = 10;
        var s = run.Snapshot();
        Assert.Equal(55, inner.Episodes);
        Assert.Equal(1, inner.Scalars);
        Assert.Equal(30, s.Tasks[0].Episodes);
        Assert.Equal(-0.5, s.Tasks[0].RecentReturn, 12);
        Assert.Equal(4, s.Tasks[1].RecentSteps, 12);
        Assert.Equal(25, s.SlowestEpisodes);
        Assert.Equal(steps / 10.0, s.StepsPerSecond, 9);
        // The slowest task is a quarter done after 10 s: 30 s to go.
        Assert.Equal(30, s.EtaSeconds, 9);
        Assert.False(s.Finished);
    }

    [Fact]
    public void FinishedRunsStopTheClockAndHaveNoEta()
    {
        double now = 0;
        var run = new LiveProgressRun("run", ["a"], 2, seconds: () => now);
        Assert.True(double.IsNaN(run.Snapshot().EtaSeconds));
        now = 1;
        run.OnEpisode(new EpisodeRecord(0, 0, 5, 0, 5));
        now = 2;
        run.OnEpisode(new EpisodeRecord(0, 1, 5, 0, 10));
        now = 50;
        var s = run.Snapshot();
        Assert.True(s.Finished);
        Assert.Equal(0, s.EtaSeconds);
        Assert.Equal(5, s.StepsPerSecond, 9);
    }

    [Fact]
    public void OneRunIsDrawnPerTaskSeveralRunsPerRun()
    {
        var config = RunConfig.Default.With("tasks", new[] { "plan4", "plan5" }).With("episodes", 10L);
        var (console, text) = TestConsole();
        var single = new LiveProgress(console);
        var run = single.Track("distral seed 1", config);
        run.OnEpisode(new EpisodeRecord(1, 0, 7, -0.7, 7));
        console.Write(single.Render());
        string drawn = text.ToString();
        Assert.Contains("plan4", drawn);
        Assert.Contains("plan5", drawn);
        Assert.Contains("1/10", drawn);
        Assert.Contains("-0.70", drawn);
        Assert.Contains("ETA", drawn);

        var (console2, text2) = TestConsole();
        var several = new LiveProgress(console2, expectedRuns: 3);
        several.Track("p1-1", config);
        several.Track("p2-1", config);
        console2.Write(several.Render());
        Assert.Contains("p1-1", text2.ToString());
        Assert.Contains("0 of 3 runs trained, 2 running, 1 waiting", text2.ToString());
    }

    [Fact]
    public void TheRedrawThreadStartsAndStops()
    {
        var (console, text) = TestConsole();
        var config = RunConfig.Default.With("tasks", new[] { "plan6" }).With("episodes", 3L);
        using (var live = new LiveProgress(console))
        {
            live.Start(TimeSpan.FromMilliseconds(5));
            var run = live.Attach(new RunRequest { Config = config }).Observer!;
            for (int k = 0; k < 3; k++) run.OnEpisode(new EpisodeRecord(0, k, 5, -0.5, 5 * (k + 1)));
            Thread.Sleep(30);
        }
        Assert.Contains("training done", text.ToString());
    }

    [Fact]
    public void PlainLinesWhenNotATerminalOrQuiet()
    {
        Assert.False(LiveProgress.IsTerminal(new StringWriter()));
        Assert.Null(LiveProgress.StartOnTerminal(new StringWriter(), quiet: false));
        Assert.Null(LiveProgress.StartOnTerminal(Console.Out, quiet: true));
        Assert.Equal("1:05", LiveProgress.Time(65));
        Assert.Equal("1:01:01", LiveProgress.Time(3661));
        Assert.Equal("?", LiveProgress.Time(double.NaN));
    }
}
