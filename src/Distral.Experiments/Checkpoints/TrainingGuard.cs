using System.Globalization;
using Distral.Agents;

namespace Distral.Experiments;

/// <summary>
/// The observer the runner hands to the agent: forwards every episode and scalar to the run's observers and stops
/// training with a <see cref="TrainingDivergedException"/> as soon as a loss scalar is NaN or infinite (before the
/// value reaches any file).
/// </summary>
internal sealed class TrainingGuard(IReadOnlyList<string> taskNames, IReadOnlyList<ITrainingObserver> observers) : ITrainingObserver
{
    public void OnEpisode(in EpisodeRecord episode)
    {
        foreach (var o in observers) o.OnEpisode(episode);
    }

    public void OnScalar(string tag, double value, long step)
    {
        if (!double.IsFinite(value) && tag.Contains("loss", StringComparison.OrdinalIgnoreCase)) throw Diverged(tag, value, step);
        foreach (var o in observers) o.OnScalar(tag, value, step);
    }

    private TrainingDivergedException Diverged(string tag, double value, long step)
    {
        string? task = TaskOf(tag);
        string what = task is null ? $"loss '{tag}'" : $"task {task}: loss '{tag}'";
        string shown = double.IsNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf";
        return new TrainingDivergedException(
            string.Create(CultureInfo.InvariantCulture, $"training diverged: {what} is {shown} at env step {step}"), task, tag, value, step);
    }

    // Agents name per-task scalars with a trailing "task<i>" (e.g. "softq/loss/task3").
    private string? TaskOf(string tag)
    {
        int end = tag.Length, start = end;
        while (start > 0 && char.IsAsciiDigit(tag[start - 1])) start--;
        if (start == end || start < 4 || !tag.AsSpan(start - 4, 4).SequenceEqual("task")) return null;
        return int.TryParse(tag.AsSpan(start, end - start), NumberStyles.None, CultureInfo.InvariantCulture, out int i) && i < taskNames.Count
            ? taskNames[i]
            : null;
    }
}
