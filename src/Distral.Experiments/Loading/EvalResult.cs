namespace Distral.Experiments;

/// <summary>The outcome of evaluating one policy on one task over several episodes.</summary>
/// <param name="Task">Task name.</param>
/// <param name="Policy">"taskK" or "distilled".</param>
/// <param name="Episodes">Episodes run.</param>
/// <param name="MeanSteps">Mean episode length.</param>
/// <param name="SdSteps">Sample standard deviation of the episode length (0 for one episode).</param>
/// <param name="MeanReturn">Mean undiscounted return.</param>
/// <param name="SdReturn">Sample standard deviation of the return.</param>
/// <param name="SuccessRate">Fraction of episodes that ended by termination (goal reached) rather than the time limit.</param>
/// <param name="ShortestPath">Fewest steps start -> goal where known.</param>
/// <param name="OptimalReturn">Best return where known.</param>
public sealed record EvalResult(
    string Task,
    string Policy,
    int Episodes,
    double MeanSteps,
    double SdSteps,
    double MeanReturn,
    double SdReturn,
    double SuccessRate,
    int? ShortestPath,
    double? OptimalReturn);
