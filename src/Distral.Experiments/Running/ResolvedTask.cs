using Distral.Envs;

namespace Distral.Experiments;

/// <summary>A task of a run: its display name and registry spec (map-file tasks get a spec built from the map).</summary>
/// <param name="Name">The name used in metrics and summaries ("plan4", "two-room-random:3", a map path).</param>
/// <param name="Spec">Factory and metadata (shortest path, optimal return where known).</param>
public sealed record ResolvedTask(string Name, TaskSpec Spec)
{
    /// <summary>True for members of the paper's two-room random-goal family.</summary>
    public bool IsTwoRoomRandom => Name.StartsWith(TwoRoomRandom.Name, StringComparison.Ordinal);
}
