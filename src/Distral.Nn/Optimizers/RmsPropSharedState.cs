using Distral.Tensors;

namespace Distral.Nn;

/// <summary>
/// The running statistics of RMSProp (square average and, when centered, gradient average) for one
/// parameter set, shared by several <see cref="RmsProp"/> workers on different threads (A3C's shared
/// RMSProp). Workers update these buffers and the shared parameters Hogwild-style, without locks: races
/// lose an occasional update, which asynchronous RL tolerates by design (Mnih et al. 2016).
/// </summary>
public sealed class RmsPropSharedState
{
    /// <summary>Zeroed statistics for parameters of the given shapes.</summary>
    public RmsPropSharedState(IReadOnlyList<Tensor> parameters, bool centered = false)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Centered = centered;
        SquareAverage = parameters.Select(p => new float[p.Size]).ToArray();
        GradientAverage = centered ? parameters.Select(p => new float[p.Size]).ToArray() : null;
    }

    /// <summary>Whether the gradient average is tracked (centered RMSProp).</summary>
    public bool Centered { get; }

    /// <summary>Per parameter: running average of g^2.</summary>
    public float[][] SquareAverage { get; }

    /// <summary>Per parameter: running average of g (centered only).</summary>
    public float[][]? GradientAverage { get; }
}
