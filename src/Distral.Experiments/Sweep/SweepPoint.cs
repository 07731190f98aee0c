using System.Globalization;

namespace Distral.Experiments;

/// <summary>One point of a sweep grid: a value for every axis.</summary>
/// <param name="Index">0-based position in grid order (the last axis varies fastest).</param>
/// <param name="Settings">(key, value as written, typed value) per axis.</param>
public sealed record SweepPoint(int Index, IReadOnlyList<(string Key, string Text, object Value)> Settings)
{
    /// <summary>"p3_lr_task=0.001_beta=5": unique within the grid and usable as a directory name.</summary>
    public string Name => "p" + (Index + 1).ToString(CultureInfo.InvariantCulture) + "_"
        + CompareRunner.SafeName(string.Join("_", Settings.Select(s => s.Key + "=" + s.Text)));

    /// <summary>"lr_task=0.001, beta=5".</summary>
    public string Description => string.Join(", ", Settings.Select(s => s.Key + "=" + s.Text));

    /// <summary><paramref name="config"/> with this point's values.</summary>
    public RunConfig Apply(RunConfig config) => Settings.Aggregate(config, (c, s) => c.With(s.Key, s.Value));
}
