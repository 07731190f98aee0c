using Distral.Tensors;

namespace Distral.Nn;

/// <summary>Gradient clipping with PyTorch semantics (torch.nn.utils.clip_grad_norm_ / clip_grad_value_).</summary>
public static class GradientClipping
{
    /// <summary>
    /// Scales all gradients together so their global L2 norm is at most <paramref name="maxNorm"/>
    /// (coefficient maxNorm / (norm + 1e-6), applied only when below 1). Returns the norm before clipping.
    /// </summary>
    public static float ClipGradNorm(IReadOnlyList<Tensor> parameters, float maxNorm)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        double sumSquares = 0;
        for (int t = 0; t < parameters.Count; t++)
            foreach (float g in parameters[t].Grad) sumSquares += (double)g * g;
        float total = (float)Math.Sqrt(sumSquares);
        float coef = maxNorm / (total + 1e-6f);
        if (coef < 1f)
        {
            for (int t = 0; t < parameters.Count; t++)
            {
                var grad = parameters[t].Grad;
                for (int i = 0; i < grad.Length; i++) grad[i] *= coef;
            }
        }
        return total;
    }

    /// <summary>Clamps every gradient element into [-clip, clip].</summary>
    public static void ClipGradValue(IReadOnlyList<Tensor> parameters, float clip)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (clip < 0) throw new ArgumentOutOfRangeException(nameof(clip), "Clip value must be >= 0.");
        for (int t = 0; t < parameters.Count; t++)
        {
            ClampInPlace(parameters[t].Grad, clip);
        }
    }

    // Vectorised clamp: this runs over every parameter after every soft-Q update (a few % of a round when scalar).
    private static void ClampInPlace(Span<float> grad, float clip)
    {
        var lo = new System.Numerics.Vector<float>(-clip);
        var hi = new System.Numerics.Vector<float>(clip);
        int width = System.Numerics.Vector<float>.Count;
        var vectors = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(grad);
        for (int v = 0; v < vectors.Length; v++)
        {
            var x = vectors[v];
            var clamped = System.Numerics.Vector.Min(System.Numerics.Vector.Max(x, lo), hi);
            // Like Math.Clamp, a NaN stays NaN (min/max would turn it into a bound and hide a divergence).
            vectors[v] = System.Numerics.Vector.ConditionalSelect(System.Numerics.Vector.Equals(x, x), clamped, x);
        }
        for (int i = vectors.Length * width; i < grad.Length; i++) grad[i] = Math.Clamp(grad[i], -clip, clip);
    }
}
