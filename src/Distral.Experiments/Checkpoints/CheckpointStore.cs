using System.Security.Cryptography;
using System.Text;
using Distral.Agents;

namespace Distral.Experiments;

/// <summary>
/// Checkpoint folders of a run: <c>DIR/checkpoints/ckpt-NNNN/</c> (manifest.json plus the files it lists; names in
/// <see cref="RunDirectory"/>). A folder
/// is written under a temporary name and renamed into place only once every file and the manifest are flushed to
/// disk, so the newest <c>ckpt-NNNN</c> is always complete ("the last good checkpoint"); older ones are removed
/// after the rename, never before. Loading checks every listed file's size and SHA-256.
/// </summary>
public static class CheckpointStore
{
    /// <summary>
    /// Writes a new checkpoint of the run in <paramref name="runDirectory"/>: <paramref name="writeFiles"/> fills a
    /// fresh empty folder and returns the manifest; its file list is filled in, it is added and the folder renamed into place.
    /// </summary>
    public static SavedCheckpoint Save(string runDirectory, Func<string, CheckpointManifest> writeFiles)
    {
        ArgumentNullException.ThrowIfNull(writeFiles);
        var run = new RunDirectory(runDirectory);
        Directory.CreateDirectory(run.CheckpointsFolder);
        string temp = run.NewTemporaryCheckpointFolder();
        Directory.CreateDirectory(temp);
        try
        {
            var manifest = writeFiles(temp);
            var files = new List<CheckpointFile>();
            foreach (string path in Directory.GetFiles(temp).Order(StringComparer.Ordinal))
            {
                string name = Path.GetFileName(path);
                if (name == RunDirectory.CheckpointManifestFileName) throw new InvalidOperationException("The checkpoint writer must not write the manifest itself.");
                files.Add(new CheckpointFile(name, new FileInfo(path).Length, Sha256Of(path)));
            }
            var complete = manifest with { Files = files };
            WriteDurably(Path.Combine(temp, RunDirectory.CheckpointManifestFileName), Encoding.UTF8.GetBytes(complete.ToJson() + "\n"));
            string final = run.NextCheckpointFolder();
            Directory.Move(temp, final);
            RemoveAllBut(run.CheckpointsFolder, final);
            return new SavedCheckpoint(final, complete);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// Opens and verifies the newest checkpoint of <paramref name="runDirectory"/> for --resume; a missing run,
    /// missing checkpoint, unreadable manifest, or a truncated, corrupt or missing file is a <see cref="ConfigException"/>
    /// naming the file.
    /// </summary>
    public static SavedCheckpoint OpenLatest(string runDirectory)
    {
        if (!Directory.Exists(runDirectory)) throw new ConfigException($"--resume {runDirectory}: no such run directory");
        var run = new RunDirectory(runDirectory);
        string folder = run.LatestCheckpointFolder()
            ?? throw new ConfigException($"--resume {runDirectory}: no checkpoint in {run.CheckpointsFolder} (was it run with 'checkpoints: false', or stopped before the first checkpoint?)");
        return Open(folder);
    }

    /// <summary>Opens and verifies one checkpoint folder (see <see cref="OpenLatest"/>).</summary>
    public static SavedCheckpoint Open(string folder)
    {
        string manifestPath = Path.Combine(folder, RunDirectory.CheckpointManifestFileName);
        if (!File.Exists(manifestPath)) throw new ConfigException($"checkpoint {folder}: {RunDirectory.CheckpointManifestFileName} is missing");
        CheckpointManifest manifest;
        try
        {
            manifest = CheckpointManifest.Parse(File.ReadAllText(manifestPath));
        }
        catch (Exception e) when (e is InvalidDataException or IOException or DecoderFallbackException)
        {
            throw new ConfigException($"checkpoint {manifestPath}: {e.Message}", e);
        }
        foreach (var file in manifest.Files)
        {
            string path = Path.Combine(folder, file.Name);
            if (file.Name.Contains('/', StringComparison.Ordinal) || file.Name.Contains('\\', StringComparison.Ordinal) || file.Name.StartsWith('.'))
                throw new ConfigException($"checkpoint {manifestPath}: bad file name '{file.Name}'");
            if (!File.Exists(path)) throw new ConfigException($"checkpoint {path}: file is missing");
            long length = new FileInfo(path).Length;
            if (length != file.Bytes)
                throw new ConfigException($"checkpoint {path}: {(length < file.Bytes ? "truncated" : "has extra bytes")} ({length} bytes, the manifest says {file.Bytes})");
            if (!string.Equals(Sha256Of(path), file.Sha256, StringComparison.OrdinalIgnoreCase))
                throw new ConfigException($"checkpoint {path}: corrupt (its SHA-256 differs from the manifest)");
        }
        return new SavedCheckpoint(folder, manifest);
    }

    /// <summary>Writes bytes to a new file and flushes them to disk (a checkpoint must survive a crash right after).</summary>
    public static void WriteDurably(string path, ReadOnlySpan<byte> bytes)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Writes a new file through a <see cref="BinaryWriter"/> and flushes it to disk.</summary>
    public static void WriteDurably(string path, Action<BinaryWriter> write) => CheckpointFiles.WriteBinary(path, write);

    /// <summary>Reads a file of a checkpoint through a <see cref="BinaryReader"/>; malformed data is an <see cref="InvalidDataException"/> naming the file.</summary>
    public static void Read(string path, Action<BinaryReader> read) => CheckpointFiles.ReadBinary(path, read);

    private static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    // Older checkpoints and temporaries left by a crash go only after the new folder is in place.
    private static void RemoveAllBut(string root, string keep)
    {
        foreach (string dir in Directory.GetDirectories(root))
        {
            if (dir != keep && RunDirectory.IsReplacedByNewCheckpoint(Path.GetFileName(dir))) TryDelete(dir);
        }
    }

    private static void TryDelete(string dir)
    {
        try { Directory.Delete(dir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
