using System.Globalization;
using Distral.Agents;

namespace Distral.Experiments;

/// <summary>
/// The observer the runner hands to the agent: forwards every episode and diagnostic to the run's observers and
/// stops training with a <see cref="TrainingDivergedException"/> as soon as a loss is NaN or infinite (before the
/// value reaches any file).
/// </summary>
internal sealed class TrainingGuard(IReadOnlyList<string> taskNames, IReadOnlyList<ITrainingObserver> observers) : ITrainingObserver
{
    public void OnEpisode(in EpisodeRecord episode)
    {
        foreach (var o in observers) o.OnEpisode(episode);
    }

    public void OnDiagnostic(in TrainingDiagnostic diagnostic)
    {
        if (diagnostic.IsLoss && !double.IsFinite(diagnostic.Value)) throw Diverged(diagnostic);
        foreach (var o in observers) o.OnDiagnostic(diagnostic);
    }

    private TrainingDivergedException Diverged(in TrainingDiagnostic d)
    {
        string? task = d.HasTask && d.Task < taskNames.Count ? taskNames[d.Task] : null;
        string what = task is null ? $"loss '{d.Name}'" : $"task {task}: loss '{d.Name}'";
        string shown = double.IsNaN(d.Value) ? "NaN" : d.Value > 0 ? "+Inf" : "-Inf";
        return new TrainingDivergedException(
            string.Create(CultureInfo.InvariantCulture, $"training diverged: {what} is {shown} at env step {d.EnvStep}"), task, d.Label, d.Value, d.EnvStep);
    }
}
