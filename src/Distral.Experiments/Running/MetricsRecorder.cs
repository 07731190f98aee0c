using System.Diagnostics;
using System.Globalization;
using Distral.Agents;

namespace Distral.Experiments;

/// <summary>
/// The run's <see cref="ITrainingObserver"/>: appends one flushed row per finished episode to metrics.csv
/// (<c>task,episode,steps,return,env_steps_total,wall_seconds</c>), keeps every task's durations and returns
/// for the summary, and writes a progress line each time every task has finished another
/// <c>progressEvery</c> episodes. With a TensorBoard directory it also writes an event file there
/// (<see cref="TensorBoardWriter"/>, CleanRL-style tags, see <see cref="TensorBoardTags"/>), flushed per episode.
/// </summary>
public sealed class MetricsRecorder : ITrainingObserver, IDisposable
{
    /// <summary>The metrics.csv header (the contract's columns, in order).</summary>
    public const string Header = "task,episode,steps,return,env_steps_total,wall_seconds";

    private readonly StreamWriter _csv;
    private readonly IReadOnlyList<string> _taskNames;
    private readonly List<int>[] _steps;
    private readonly List<double>[] _returns;
    private readonly TextWriter? _progress;
    private readonly int _progressEvery;
    private readonly int _episodesPerTask;
    private readonly string _label;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TensorBoardWriter? _tensorBoard;
    private readonly string[] _returnTags;
    private readonly string[] _lengthTags;
    private readonly Dictionary<(string Name, DiagnosticKind Kind, int Task), string> _diagnosticTags = [];
    private readonly double _wallOffset;
    private int _reportedRounds;
    private long _envSteps;

    /// <summary>
    /// Creates metrics.csv at <paramref name="csvPath"/> (overwriting), a TensorBoard event file in
    /// <paramref name="tensorBoardDirectory"/> when given, and starts the wall clock.
    /// </summary>
    public MetricsRecorder(string csvPath, IReadOnlyList<string> taskNames, int episodesPerTask, TextWriter? progress, int progressEvery, string label,
        string? tensorBoardDirectory = null)
        : this(csvPath, taskNames, episodesPerTask, progress, progressEvery, label, tensorBoardDirectory, append: false, wallOffset: 0)
    {
    }

    private MetricsRecorder(string csvPath, IReadOnlyList<string> taskNames, int episodesPerTask, TextWriter? progress, int progressEvery, string label,
        string? tensorBoardDirectory, bool append, double wallOffset)
    {
        _taskNames = taskNames;
        _steps = [.. taskNames.Select(_ => new List<int>())];
        _returns = [.. taskNames.Select(_ => new List<double>())];
        if (append) LoadRows(csvPath);
        _csv = new StreamWriter(csvPath, append, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
        if (!append) _csv.WriteLine(Header);
        _csv.Flush();
        _progress = progress;
        _progressEvery = progressEvery;
        _episodesPerTask = episodesPerTask;
        _label = label;
        _wallOffset = wallOffset;
        if (_progressEvery > 0) _reportedRounds = _steps.Min(s => s.Count) / _progressEvery;
        _returnTags = [.. taskNames.Select(TensorBoardTags.EpisodicReturn)];
        _lengthTags = [.. taskNames.Select(TensorBoardTags.EpisodicLength)];
        if (tensorBoardDirectory is not null) _tensorBoard = new TensorBoardWriter(tensorBoardDirectory, append ? FreshEventFileTime(tensorBoardDirectory) : null);
    }

    /// <summary>
    /// Continues a resumed run: keeps the rows already in metrics.csv (which must have the contract header and the
    /// same task names), appends after them, counts wall time from <paramref name="wallOffset"/> seconds, and starts
    /// a new TensorBoard event file beside the old ones (TensorBoard merges the files of a directory).
    /// </summary>
    public static MetricsRecorder Resume(string csvPath, IReadOnlyList<string> taskNames, int episodesPerTask, TextWriter? progress, int progressEvery,
        string label, double wallOffset, string? tensorBoardDirectory = null) =>
        new(csvPath, taskNames, episodesPerTask, progress, progressEvery, label, tensorBoardDirectory, append: true, wallOffset);

    /// <summary>The TensorBoard event file, or null when none is written.</summary>
    public string? TensorBoardPath => _tensorBoard?.Path;

    /// <summary>Seconds since construction (plus the earlier sessions' time of a resumed run).</summary>
    public double WallSeconds => _wallOffset + _clock.Elapsed.TotalSeconds;

    /// <summary>Data rows in metrics.csv so far (all flushed).</summary>
    public int Rows { get; private set; }

    /// <summary>Episode durations of task <paramref name="task"/> in order.</summary>
    public IReadOnlyList<int> Durations(int task) => _steps[task];

    /// <summary>Episode returns of task <paramref name="task"/> in order.</summary>
    public IReadOnlyList<double> Returns(int task) => _returns[task];

    /// <inheritdoc/>
    public void OnEpisode(in EpisodeRecord episode)
    {
        double wall = WallSeconds;
        _envSteps = episode.EnvStepsTotal;
        _steps[episode.Task].Add(episode.Steps);
        _returns[episode.Task].Add(episode.Return);
        _csv.Write(Csv(_taskNames[episode.Task]));
        _csv.Write(',');
        _csv.Write(episode.Episode.ToString(CultureInfo.InvariantCulture));
        _csv.Write(',');
        _csv.Write(episode.Steps.ToString(CultureInfo.InvariantCulture));
        _csv.Write(',');
        _csv.Write(Math.Round(episode.Return, 6).ToString("R", CultureInfo.InvariantCulture));
        _csv.Write(',');
        _csv.Write(episode.EnvStepsTotal.ToString(CultureInfo.InvariantCulture));
        _csv.Write(',');
        _csv.WriteLine(wall.ToString("F3", CultureInfo.InvariantCulture));
        Rows++;
        // Flushed per row so a crashed or watched run leaves a readable file (episodes are rare next to steps).
        _csv.Flush();
        if (_tensorBoard is not null)
        {
            _tensorBoard.AddScalar(_returnTags[episode.Task], (float)episode.Return, episode.EnvStepsTotal);
            _tensorBoard.AddScalar(_lengthTags[episode.Task], episode.Steps, episode.EnvStepsTotal);
            if (episode.Task == 0 && wall > 0) _tensorBoard.AddScalar(TensorBoardTags.StepsPerSecond, (float)(episode.EnvStepsTotal / wall), episode.EnvStepsTotal);
            _tensorBoard.Flush();
        }
        ReportProgress(wall);
    }

    /// <inheritdoc/>
    public void OnDiagnostic(in TrainingDiagnostic diagnostic)
    {
        // The CSV holds episodes only; diagnostics go to TensorBoard (flushed with the next episode).
        if (_tensorBoard is null) return;
        var key = (diagnostic.Name, diagnostic.Kind, diagnostic.Task);
        if (!_diagnosticTags.TryGetValue(key, out string? tag)) _diagnosticTags[key] = tag = TensorBoardTags.ForDiagnostic(diagnostic);
        _tensorBoard.AddScalar(tag, (float)diagnostic.Value, diagnostic.EnvStep);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _csv.Dispose();
        _tensorBoard?.Dispose();
    }

    /// <summary>Flushes the TensorBoard file so its length covers every record so far (checkpoints note it).</summary>
    public void Flush() => _tensorBoard?.Flush();

    // Reads the rows of a resumed run back into the per-task lists (task names as written by Csv()).
    private void LoadRows(string csvPath)
    {
        if (!File.Exists(csvPath)) throw new ConfigException($"{csvPath}: missing; cannot resume the run's metrics");
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int t = 0; t < _taskNames.Count; t++) index[_taskNames[t]] = t;
        int lineNumber = 0;
        foreach (string line in File.ReadLines(csvPath))
        {
            lineNumber++;
            if (lineNumber == 1)
            {
                if (!line.StartsWith(Header, StringComparison.Ordinal)) throw new ConfigException($"{csvPath}:1: not a metrics.csv header");
                continue;
            }
            if (line.Length == 0) continue;
            var fields = SplitCsv(line);
            if (fields.Count < 6 || !index.TryGetValue(fields[0], out int task)
                || !int.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int steps)
                || !double.TryParse(fields[3], NumberStyles.Float, CultureInfo.InvariantCulture, out double ret)
                || !long.TryParse(fields[4], NumberStyles.Integer, CultureInfo.InvariantCulture, out long envSteps))
                throw new ConfigException($"{csvPath}:{lineNumber}: malformed metrics row");
            _steps[task].Add(steps);
            _returns[task].Add(ret);
            _envSteps = envSteps;
            Rows++;
        }
    }

    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return fields;
    }

    // Event files are named by start second: never reuse an existing name (a resume can start in the same second).
    private static DateTimeOffset FreshEventFileTime(string directory)
    {
        var time = DateTimeOffset.UtcNow;
        while (File.Exists(Path.Combine(directory, RunDirectory.TensorBoardFileName(time, Environment.MachineName)))) time = time.AddSeconds(1);
        return time;
    }

    private void ReportProgress(double wall)
    {
        if (_progress is null || _progressEvery <= 0) return;
        int rounds = _steps.Min(s => s.Count) / _progressEvery;
        if (rounds <= _reportedRounds) return;
        _reportedRounds = rounds;
        int done = rounds * _progressEvery;
        var parts = new List<string>();
        for (int t = 0; t < _steps.Length; t++)
        {
            var recent = _steps[t].Skip(Math.Max(0, done - _progressEvery)).Take(_progressEvery);
            parts.Add($"{_taskNames[t]} {recent.Average():F1}");
        }
        double rate = wall > 0 ? _envSteps / wall : 0;
        _progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{_label}: episode {done}/{_episodesPerTask}, env steps {_envSteps}, {rate:F0} steps/s, mean duration of the last {_progressEvery}: {string.Join(", ", parts)}"));
        _progress.Flush();
    }

    // Task names are names or paths; quote the rare one with a comma or quote (RFC 4180).
    private static string Csv(string field) =>
        field.AsSpan().IndexOfAny(",\"\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
