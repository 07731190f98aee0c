namespace Distral.Agents.PolicyDistillation;

/// <summary>Whose actions collect the states the student is trained on.</summary>
public enum StudentCollector
{
    /// <summary>The student acts, epsilon-greedy (Actor-Mimic found this better: the student sees its own mistakes).</summary>
    Student,

    /// <summary>The teacher acts, epsilon-greedy on its Q-values.</summary>
    Teacher,
}
