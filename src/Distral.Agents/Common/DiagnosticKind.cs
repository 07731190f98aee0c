namespace Distral.Agents;

/// <summary>What a <see cref="TrainingDiagnostic"/> measures, which decides how it is logged and checked.</summary>
public enum DiagnosticKind
{
    /// <summary>A training loss: must stay finite (a NaN or infinity stops the run) and is logged under <c>losses/</c>.</summary>
    Loss,

    /// <summary>A value of a schedule the agent follows (e.g. epsilon); logged under <c>charts/</c>.</summary>
    Schedule,

    /// <summary>A statistic of the policies or data (e.g. entropy); logged under <c>charts/</c>.</summary>
    Statistic,
}
