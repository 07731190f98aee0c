namespace Distral.Experiments;

/// <summary>A complete checkpoint on disk: its folder and its parsed (and verified) manifest.</summary>
public sealed record SavedCheckpoint(string Folder, CheckpointManifest Manifest)
{
    /// <summary>The path of a file inside the checkpoint folder.</summary>
    public string PathOf(string name) => Path.Combine(Folder, name);
}
