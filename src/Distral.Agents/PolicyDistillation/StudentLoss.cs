namespace Distral.Agents.PolicyDistillation;

/// <summary>How the student is fitted to the teacher's Q-values q (Rusu et al. 2016).</summary>
public enum StudentLoss
{
    /// <summary>Negative log-likelihood of the teacher's best action argmax q under softmax(student).</summary>
    Nll,

    /// <summary>Squared error between the student's outputs and q (the student learns the Q-values themselves).</summary>
    Mse,

    /// <summary>KL(softmax(q / tau) || softmax(student)): the teacher's sharpened policy (the paper's best, tau 0.01).</summary>
    Kl,
}
