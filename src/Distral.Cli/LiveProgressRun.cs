using System.Diagnostics;
using Distral.Agents;

namespace Distral.Cli;

/// <summary>
/// The live display's view of one training run: an <see cref="ITrainingObserver"/> that keeps, per task, the
/// episodes done and the last few returns and durations in preallocated rings (no allocation per episode), and
/// forwards everything to an optional inner observer. The display thread reads it through <see cref="Snapshot"/>.
/// </summary>
internal sealed class LiveProgressRun : ITrainingObserver
{
    /// <summary>Episodes in the "recent" means.</summary>
    public const int RecentWindow = 20;

    private readonly object _gate = new();
    private readonly int[] _done;
    private readonly double[] _recentReturns;
    private readonly int[] _recentSteps;
    private readonly ITrainingObserver? _inner;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Func<double> _seconds;
    private long _envSteps;
    private double _finishedAt = double.NaN;

    /// <param name="label">The run's name in the display.</param>
    /// <param name="taskNames">The run's tasks in order.</param>
    /// <param name="episodesPerTask">Episodes each task trains.</param>
    /// <param name="inner">Another observer that gets every call too.</param>
    /// <param name="seconds">The clock (tests pass a fake); default: seconds since construction.</param>
    public LiveProgressRun(string label, IReadOnlyList<string> taskNames, int episodesPerTask, ITrainingObserver? inner = null, Func<double>? seconds = null)
    {
        Label = label;
        TaskNames = taskNames;
        EpisodesPerTask = episodesPerTask;
        _inner = inner;
        _seconds = seconds ?? (() => _clock.Elapsed.TotalSeconds);
        _done = new int[taskNames.Count];
        _recentReturns = new double[taskNames.Count * RecentWindow];
        _recentSteps = new int[taskNames.Count * RecentWindow];
    }

    /// <summary>The run's name.</summary>
    public string Label { get; }

    /// <summary>The task names.</summary>
    public IReadOnlyList<string> TaskNames { get; }

    /// <summary>Episodes per task the run trains.</summary>
    public int EpisodesPerTask { get; }

    /// <inheritdoc/>
    public void OnEpisode(in EpisodeRecord episode)
    {
        lock (_gate)
        {
            int t = episode.Task;
            if ((uint)t < (uint)_done.Length)
            {
                int slot = t * RecentWindow + _done[t] % RecentWindow;
                _recentReturns[slot] = episode.Return;
                _recentSteps[slot] = episode.Steps;
                _done[t]++;
            }
            _envSteps = episode.EnvStepsTotal;
            if (double.IsNaN(_finishedAt) && Finished()) _finishedAt = _seconds();
        }
        _inner?.OnEpisode(episode);
    }

    /// <inheritdoc/>
    public void OnDiagnostic(in TrainingDiagnostic diagnostic) => _inner?.OnDiagnostic(diagnostic);

    /// <summary>A consistent copy of the figures (called by the display a few times a second).</summary>
    public LiveProgressSnapshot Snapshot()
    {
        lock (_gate)
        {
            double now = double.IsNaN(_finishedAt) ? _seconds() : _finishedAt;
            var tasks = new LiveProgressTask[_done.Length];
            for (int t = 0; t < tasks.Length; t++)
            {
                int n = Math.Min(_done[t], RecentWindow);
                double returns = 0, steps = 0;
                for (int k = 0; k < n; k++)
                {
                    returns += _recentReturns[t * RecentWindow + k];
                    steps += _recentSteps[t * RecentWindow + k];
                }
                tasks[t] = new LiveProgressTask(TaskNames[t], _done[t], n == 0 ? double.NaN : returns / n, n == 0 ? double.NaN : steps / n);
            }
            int slowest = _done.Length == 0 ? 0 : _done.Min();
            double fraction = EpisodesPerTask <= 0 ? 0 : Math.Min(1.0, (double)slowest / EpisodesPerTask);
            // The slowest task decides when a lock-step run ends; extrapolate its pace.
            double eta = fraction >= 1 ? 0 : fraction > 0 ? now * (1 - fraction) / fraction : double.NaN;
            return new LiveProgressSnapshot(Label, tasks, EpisodesPerTask, slowest, _envSteps, now > 0 ? _envSteps / now : 0, eta, now, fraction >= 1);
        }
    }

    private bool Finished() => EpisodesPerTask > 0 && _done.Length > 0 && _done.Min() >= EpisodesPerTask;
}

/// <summary>One task's line of the live display.</summary>
internal readonly record struct LiveProgressTask(string Name, int Episodes, double RecentReturn, double RecentSteps);

/// <summary>A run's figures at one moment (what the display draws).</summary>
internal sealed record LiveProgressSnapshot(string Label, IReadOnlyList<LiveProgressTask> Tasks, int EpisodesPerTask, int SlowestEpisodes,
    long EnvSteps, double StepsPerSecond, double EtaSeconds, double ElapsedSeconds, bool Finished);
