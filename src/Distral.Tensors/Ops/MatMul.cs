using Distral.Tensors.Kernels;

namespace Distral.Tensors;

public sealed partial class Graph
{
    /// <summary>2-D matrix product op(a) * op(b), where op transposes when asked.</summary>
    public Tensor MatMul(Tensor a, Tensor b, bool transposeA = false, bool transposeB = false) =>
        MatMulOp.Forward(this, a, b, transposeA, transposeB);
}

/// <summary>
/// Y = op(A) op(B). Backward: dA = dY op(B)^T (transposed back if A was), dB = op(A)^T dY (likewise).
/// I0/I1 hold the transpose flags.
/// </summary>
internal sealed class MatMulOp : Op
{
    public static readonly MatMulOp Instance = new();
    public override string Name => "matmul";

    public static Tensor Forward(Graph g, Tensor a, Tensor b, bool transA, bool transB)
    {
        if (a.Shape.Rank != 2 || b.Shape.Rank != 2)
            throw new ArgumentException($"MatMul needs 2-D tensors, got {a.Shape} and {b.Shape}.");
        int m = transA ? a.Shape[1] : a.Shape[0];
        int k = transA ? a.Shape[0] : a.Shape[1];
        int kb = transB ? b.Shape[1] : b.Shape[0];
        int n = transB ? b.Shape[0] : b.Shape[1];
        if (k != kb)
            throw new ArgumentException($"MatMul inner dimensions differ: {a.Shape}{(transA ? "^T" : "")} x {b.Shape}{(transB ? "^T" : "")}.");
        var y = g.Record(Instance, new Shape(m, n), a, b);
        y.I0 = transA ? 1 : 0;
        y.I1 = transB ? 1 : 0;
        Sgemm.Multiply(transA, transB, m, n, k, 1f, a.Span, a.Shape[1], b.Span, b.Shape[1], 0f, y.Span, n);
        return y;
    }

    public override void Backward(Graph g, Tensor y)
    {
        Tensor a = y.A!, b = y.B!;
        bool transA = y.I0 == 1, transB = y.I1 == 1;
        int m = y.Shape[0], n = y.Shape[1];
        int k = transA ? a.Shape[0] : a.Shape[1];
        var dy = y.Grad;
        if (a.RequiresGrad)
        {
            var da = g.GradOf(a);
            if (!transA) // dA (m x k) += dY (m x n) * op(B)^T
                Sgemm.Multiply(false, !transB, m, k, n, 1f, dy, n, b.Span, b.Shape[1], 1f, da, a.Shape[1]);
            else // A is k x m: dA += op(B) (k x n) * dY^T
                Sgemm.Multiply(transB, true, k, m, n, 1f, b.Span, b.Shape[1], dy, n, 1f, da, a.Shape[1]);
        }
        if (b.RequiresGrad)
        {
            var db = g.GradOf(b);
            if (!transB) // dB (k x n) += op(A)^T (k x m) * dY
                Sgemm.Multiply(!transA, false, k, n, m, 1f, a.Span, a.Shape[1], dy, n, 1f, db, b.Shape[1]);
            else // B is n x k: dB += dY^T (n x m) * op(A)
                Sgemm.Multiply(true, transA, n, k, m, 1f, dy, n, a.Span, a.Shape[1], 1f, db, b.Shape[1]);
        }
    }
}
