namespace Distral.Tensors;

public sealed partial class Graph
{
    /// <summary>Sum over one axis (negative counts from the end); the axis is kept with size 1 when asked.</summary>
    public Tensor Sum(Tensor x, int axis, bool keepDim = false) => AxisSumOp.Forward(this, x, axis, keepDim, mean: false);

    /// <summary>Mean over one axis (negative counts from the end); the axis is kept with size 1 when asked.</summary>
    public Tensor Mean(Tensor x, int axis, bool keepDim = false) => AxisSumOp.Forward(this, x, axis, keepDim, mean: true);

    /// <summary>The mean of all elements, as a one-element tensor.</summary>
    public Tensor Mean(Tensor x) => AxisSumOp.Forward(this, x, Shape.Scalar, 1, x.Size, 1, 1f / x.Size);
}

/// <summary>
/// y[o, i] = scale * sum_k x[o, k, i], viewing x as [outer, dim, inner] around the reduced axis (sum: scale 1,
/// mean: 1 / dim). dx[o, k, i] += scale * dy[o, i]. I0 = outer, I1 = dim, I2 = inner, F0 = scale.
/// </summary>
internal sealed class AxisSumOp : Op
{
    public static readonly AxisSumOp Instance = new();
    public override string Name => "sum_axis";

    public static Tensor Forward(Graph g, Tensor x, int axis, bool keepDim, bool mean)
    {
        int a = x.Shape.NormalizeAxis(axis);
        var (outer, dim, inner) = ShapeHelpers.Split(x.Shape, a);
        return Forward(g, x, ShapeHelpers.Reduce(x.Shape, a, keepDim), outer, dim, inner, mean ? 1f / dim : 1f);
    }

    public static Tensor Forward(Graph g, Tensor x, Shape shape, int outer, int dim, int inner, float scale)
    {
        var y = g.Record(Instance, shape, x, clear: inner != 1);
        y.I0 = outer;
        y.I1 = dim;
        y.I2 = inner;
        y.F0 = scale;
        var xs = x.Span;
        var ys = y.Span;
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++)
            {
                double s = 0; // double accumulation: long rows (whole-batch means) stay accurate
                foreach (float v in xs.Slice(o * dim, dim)) s += v;
                ys[o] = (float)(s * scale);
            }
            return y;
        }
        for (int o = 0; o < outer; o++)
        {
            var row = ys.Slice(o * inner, inner);
            for (int k = 0; k < dim; k++) VectorMath.AddScaled(row, xs.Slice((o * dim + k) * inner, inner), scale);
        }
        return y;
    }

    public override void Backward(Graph g, Tensor y)
    {
        var x = y.A!;
        if (!x.RequiresGrad) return;
        int outer = y.I0, dim = y.I1, inner = y.I2;
        float scale = y.F0;
        var dx = g.GradOf(x);
        var dy = y.Grad;
        for (int o = 0; o < outer; o++)
        {
            var drow = dy.Slice(o * inner, inner);
            for (int k = 0; k < dim; k++) VectorMath.AddScaled(dx.Slice((o * dim + k) * inner, inner), drow, scale);
        }
    }
}
