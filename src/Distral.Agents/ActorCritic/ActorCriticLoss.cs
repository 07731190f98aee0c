using Distral.Tensors;

namespace Distral.Agents.ActorCritic;

/// <summary>
/// What <see cref="ActorCriticObjective.Loss"/> returns: the loss to differentiate and the value of each of its parts,
/// summed over the local tasks: <paramref name="Total"/> = PolicyGradient + c_v Value + Regulariser + Distillation
/// (in float graph arithmetic). <paramref name="Entropy"/> is the mean entropy of the task policies over the rollout's
/// rows, a diagnostic, not a loss term (the regulariser holds the entropy bonus when one is taken analytically).
/// </summary>
internal readonly record struct ActorCriticLoss(
    Tensor Total, double PolicyGradient, double Value, double Regulariser, double Distillation, double Entropy);
