using System.Globalization;
using System.Text;

namespace Distral.Experiments;

/// <summary>
/// The one place that names what a run directory holds:
/// <code>
/// config.yaml  metrics.csv  summary.json  machine.json  report.html (+ report-*.svg)
/// events.out.tfevents.&lt;unix seconds&gt;.&lt;host&gt;     TensorBoard event files
/// checkpoints/final/&lt;network&gt;.safetensors         the finished run's networks (eval, show, report)
/// checkpoints/ckpt-NNNN/                             the last resumable checkpoint: manifest.json, envs.bin,
///                                                    metrics.csv (a copy up to the checkpoint), and the agent's
///                                                    named state: networks.safetensors, optimizers.safetensors,
///                                                    agent-state.bin (see AgentStateFiles)
/// checkpoints/.tmp-&lt;guid&gt;/                          a checkpoint being written (renamed to ckpt-NNNN when complete)
/// </code>
/// The names are part of the on-disk format: changing one breaks reading older runs.
/// </summary>
public sealed class RunDirectory
{
    /// <summary>The run's configuration with every default filled in.</summary>
    public const string ConfigFileName = "config.yaml";

    /// <summary>One row per finished episode.</summary>
    public const string MetricsFileName = "metrics.csv";

    /// <summary>The finished run's figures (written last: its presence marks a finished run).</summary>
    public const string SummaryFileName = "summary.json";

    /// <summary>The machine the run trained on.</summary>
    public const string MachineFileName = "machine.json";

    /// <summary>The HTML report; its charts are written beside it as report-*.svg.</summary>
    public const string ReportFileName = "report.html";

    /// <summary>The file-name prefix TensorBoard scans a directory for.</summary>
    public const string TensorBoardFilePrefix = "events.out.tfevents.";

    /// <summary>The folder of every checkpoint.</summary>
    public const string CheckpointsFolderName = "checkpoints";

    /// <summary>The folder (inside <see cref="CheckpointsFolderName"/>) of the finished run's networks.</summary>
    public const string FinalNetworksFolderName = "final";

    /// <summary>The extension of a network file in <see cref="FinalNetworksFolder"/>.</summary>
    public const string NetworkFileExtension = ".safetensors";

    /// <summary>Inside a checkpoint folder: the manifest listing every file with its size and SHA-256.</summary>
    public const string CheckpointManifestFileName = "manifest.json";

    /// <summary>Inside a checkpoint folder: every environment's state (so episodes in progress resume exactly).</summary>
    public const string CheckpointEnvStatesFileName = "envs.bin";

    /// <summary>Inside a checkpoint folder: the copy of metrics.csv up to the checkpoint.</summary>
    public const string CheckpointMetricsFileName = MetricsFileName;

    /// <summary>Inside a checkpoint folder: every network of the agent's named state.</summary>
    public const string AgentNetworksFileName = "networks.safetensors";

    /// <summary>Inside a checkpoint folder: every optimizer of the agent's named state.</summary>
    public const string AgentOptimizersFileName = "optimizers.safetensors";

    /// <summary>Inside a checkpoint folder: the agent's binary state stream (generators, counters, buffers).</summary>
    public const string AgentStateFileName = "agent-state.bin";

    private const string CheckpointFolderPrefix = "ckpt-";
    private const string TemporaryFolderPrefix = ".tmp-";

    /// <summary>A run directory at <paramref name="path"/> (nothing is read or created).</summary>
    public RunDirectory(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
    }

    /// <summary>The run directory itself.</summary>
    public string Path { get; }

    /// <summary>config.yaml.</summary>
    public string ConfigPath => Combine(ConfigFileName);

    /// <summary>metrics.csv.</summary>
    public string MetricsPath => Combine(MetricsFileName);

    /// <summary>summary.json.</summary>
    public string SummaryPath => Combine(SummaryFileName);

    /// <summary>machine.json.</summary>
    public string MachinePath => Combine(MachineFileName);

    /// <summary>report.html.</summary>
    public string ReportPath => Combine(ReportFileName);

    /// <summary>checkpoints/.</summary>
    public string CheckpointsFolder => Combine(CheckpointsFolderName);

    /// <summary>checkpoints/final/: the finished run's networks.</summary>
    public string FinalNetworksFolder => System.IO.Path.Combine(CheckpointsFolder, FinalNetworksFolderName);

    /// <summary>checkpoints/final/&lt;network&gt;.safetensors.</summary>
    public string FinalNetworkPath(string network) => System.IO.Path.Combine(FinalNetworksFolder, NetworkFileName(network));

    /// <summary>checkpoints/ckpt-NNNN/ (at least four digits).</summary>
    public string CheckpointFolder(int number) => System.IO.Path.Combine(CheckpointsFolder, CheckpointFolderName(number));

    /// <summary>A fresh checkpoints/.tmp-&lt;guid&gt;/ path for a checkpoint being written.</summary>
    public string NewTemporaryCheckpointFolder() =>
        System.IO.Path.Combine(CheckpointsFolder, TemporaryFolderPrefix + Guid.NewGuid().ToString("N"));

    /// <summary>The numbers of the complete checkpoint folders (ckpt-NNNN), in no particular order; empty when none.</summary>
    public IReadOnlyList<int> CheckpointNumbers()
    {
        if (!Directory.Exists(CheckpointsFolder)) return [];
        var numbers = new List<int>();
        foreach (string dir in Directory.GetDirectories(CheckpointsFolder, CheckpointFolderPrefix + "*"))
            if (TryParseCheckpointNumber(System.IO.Path.GetFileName(dir), out int n)) numbers.Add(n);
        return numbers;
    }

    /// <summary>The newest complete checkpoint folder, or null when there is none.</summary>
    public string? LatestCheckpointFolder()
    {
        var numbers = CheckpointNumbers();
        return numbers.Count == 0 ? null : CheckpointFolder(numbers.Max());
    }

    /// <summary>The folder the next checkpoint is renamed to: one past the newest (ckpt-0001 for the first).</summary>
    public string NextCheckpointFolder() => CheckpointFolder(CheckpointNumbers().DefaultIfEmpty(0).Max() + 1);

    /// <summary>The TensorBoard event files in the run directory.</summary>
    public string[] TensorBoardFiles() => Directory.GetFiles(Path, TensorBoardFilePrefix + "*");

    /// <summary>&lt;network&gt;.safetensors.</summary>
    public static string NetworkFileName(string network) => network + NetworkFileExtension;

    /// <summary>ckpt-NNNN: the number with at least four digits.</summary>
    public static string CheckpointFolderName(int number)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(number);
        return CheckpointFolderPrefix + number.ToString("D4", CultureInfo.InvariantCulture);
    }

    /// <summary>The number of a ckpt-NNNN folder name; false for any other name (temporaries, final, ckpt-x).</summary>
    public static bool TryParseCheckpointNumber(string folderName, out int number)
    {
        ArgumentNullException.ThrowIfNull(folderName);
        number = 0;
        return folderName.StartsWith(CheckpointFolderPrefix, StringComparison.Ordinal)
            && int.TryParse(folderName.AsSpan(CheckpointFolderPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }

    /// <summary>True for the folders a new checkpoint replaces: older ckpt-* folders and temporaries left by a crash.</summary>
    public static bool IsReplacedByNewCheckpoint(string folderName)
    {
        ArgumentNullException.ThrowIfNull(folderName);
        return folderName.StartsWith(CheckpointFolderPrefix, StringComparison.Ordinal) || folderName.StartsWith(TemporaryFolderPrefix, StringComparison.Ordinal);
    }

    /// <summary><c>events.out.tfevents.&lt;unix seconds&gt;.&lt;host&gt;</c> (characters unsafe in file names become '_').</summary>
    public static string TensorBoardFileName(DateTimeOffset time, string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var safe = new StringBuilder(host.Length);
        foreach (char c in host) safe.Append(char.IsLetterOrDigit(c) || c is '-' or '.' ? c : '_');
        return TensorBoardFilePrefix + time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + "." + (safe.Length == 0 ? "localhost" : safe.ToString());
    }

    /// <summary>The start second in a TensorBoard event file name; <see cref="long.MinValue"/> (oldest) when it has none.</summary>
    public static long TensorBoardFileSeconds(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        if (!fileName.StartsWith(TensorBoardFilePrefix, StringComparison.Ordinal)) return long.MinValue;
        var rest = fileName.AsSpan(TensorBoardFilePrefix.Length);
        int dot = rest.IndexOf('.');
        return long.TryParse(dot < 0 ? rest : rest[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out long s) ? s : long.MinValue;
    }

    /// <inheritdoc/>
    public override string ToString() => Path;

    private string Combine(string name) => System.IO.Path.Combine(Path, name);
}
