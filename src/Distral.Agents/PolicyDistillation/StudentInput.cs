namespace Distral.Agents.PolicyDistillation;

/// <summary>How the student knows which task it acts in.</summary>
public enum StudentInput
{
    /// <summary>A shared trunk with one output head per task (the multitask setting where the task label is known).</summary>
    TaskHeads,

    /// <summary>One network whose input is the observation followed by a one-hot task label.</summary>
    TaskOneHot,
}
