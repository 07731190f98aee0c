using Distral.Tensors;

namespace Distral.Nn;

/// <summary>
/// Regression losses as fused graph ops (one op, one output, mean reduction over all elements).
/// Prediction and target must have the same shape; gradients flow into both when they require grad.
/// </summary>
public static class LossExtensions
{
    /// <summary>mean((prediction - target)^2).</summary>
    public static Tensor MseLoss(this Graph g, Tensor prediction, Tensor target) =>
        ElementwiseLossOp.Forward(g, prediction, target, ElementwiseLossOp.Kind.Mse, 0f);

    /// <summary>
    /// Huber loss (PyTorch HuberLoss): mean of 0.5 d^2 where |d| &lt;= delta, delta (|d| - 0.5 delta) elsewhere, d = prediction - target.
    /// </summary>
    public static Tensor HuberLoss(this Graph g, Tensor prediction, Tensor target, float delta = 1f)
    {
        if (!(delta > 0)) throw new ArgumentOutOfRangeException(nameof(delta), "Huber delta must be > 0.");
        return ElementwiseLossOp.Forward(g, prediction, target, ElementwiseLossOp.Kind.Huber, delta);
    }

    /// <summary>
    /// Smooth L1 loss (PyTorch SmoothL1Loss): mean of 0.5 d^2 / beta where |d| &lt; beta, |d| - 0.5 beta elsewhere.
    /// Equals <see cref="HuberLoss"/> / beta; the two coincide for beta = delta = 1 (DQN's loss).
    /// </summary>
    public static Tensor SmoothL1Loss(this Graph g, Tensor prediction, Tensor target, float beta = 1f)
    {
        if (!(beta > 0)) throw new ArgumentOutOfRangeException(nameof(beta), "Smooth L1 beta must be > 0.");
        return ElementwiseLossOp.Forward(g, prediction, target, ElementwiseLossOp.Kind.SmoothL1, beta);
    }
}
