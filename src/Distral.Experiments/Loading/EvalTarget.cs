namespace Distral.Experiments;

/// <summary>One evaluation: a policy of the loaded agent acting on a task (one of the run's tasks or a new one).</summary>
/// <param name="Task">The task acted on.</param>
/// <param name="Policy">The acting policy.</param>
/// <param name="IsTrainingTask">True when <paramref name="Task"/> is one of the run's tasks.</param>
public sealed record EvalTarget(ResolvedTask Task, EvalPolicy Policy, bool IsTrainingTask);
