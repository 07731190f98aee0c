namespace Distral.Experiments;

/// <summary>
/// Training was cancelled (Ctrl-C). <see cref="Checkpoint"/> is the resumable checkpoint written at the stop, or
/// null when the run keeps none (checkpoints off, or an agent that cannot be checkpointed).
/// </summary>
public sealed class RunInterruptedException : Exception
{
    /// <summary>Creates the exception for the run in <paramref name="runDirectory"/>.</summary>
    public RunInterruptedException(string runDirectory, string? checkpoint, int episodesDone, Exception? inner = null)
        : base(checkpoint is null
            ? $"interrupted after {episodesDone} episodes per task; no checkpoint was written, the run in {runDirectory} cannot be resumed"
            : $"interrupted after {episodesDone} episodes per task; checkpoint {checkpoint}; continue with: distral train --resume {runDirectory}", inner)
    {
        RunDirectory = runDirectory;
        Checkpoint = checkpoint;
        EpisodesDone = episodesDone;
    }

    /// <summary>The run directory.</summary>
    public string RunDirectory { get; }

    /// <summary>The checkpoint folder written at the stop, or null.</summary>
    public string? Checkpoint { get; }

    /// <summary>Episodes every task had finished (the minimum over tasks).</summary>
    public int EpisodesDone { get; }
}
