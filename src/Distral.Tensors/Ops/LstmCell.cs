using Distral.Tensors.Kernels;

namespace Distral.Tensors;

public sealed partial class Graph
{
    /// <summary>
    /// One fused LSTM step (PyTorch equations, gate order i, f, g, o): x [N, In], h and c [N, H],
    /// wIh [4H, In], wHh [4H, H], bias [4H] or null -> [N, 2H] holding h' (columns 0..H) then c' (H..2H).
    /// Rows with <paramref name="resetRows"/>[row] true start from h = c = 0 (an episode began), and
    /// no gradient flows into their h and c. Split the result with <see cref="LstmCellSplit"/>.
    /// </summary>
    public Tensor LstmCell(Tensor x, Tensor h, Tensor c, Tensor wIh, Tensor wHh, Tensor? bias,
        ReadOnlySpan<bool> resetRows = default) =>
        LstmCellOp.Forward(this, x, h, c, wIh, wHh, bias, resetRows);

    /// <summary>Splits an <see cref="LstmCell"/> output [N, 2H] into h' [N, H] and c' [N, H].</summary>
    public (Tensor Hidden, Tensor Cell) LstmCellSplit(Tensor hc)
    {
        if (hc.Shape.Rank != 2 || hc.Shape[1] % 2 != 0)
            throw new ArgumentException($"LstmCellSplit needs an LstmCell output [N, 2H], got {hc.Shape}.");
        int hidden = hc.Shape[1] / 2;
        return (Narrow(hc, 1, 0, hidden), Narrow(hc, 1, hidden, hidden));
    }
}

/// <summary>
/// z = x wIh^T + h wHh^T + b; i = sigmoid(z_i), f = sigmoid(z_f), g = tanh(z_g), o = sigmoid(z_o);
/// c' = f c + i g; h' = o tanh(c'). Inputs: A = x, B = h, C = c, InputList = [wIh, wHh, bias?].
/// Saved: the activated gates [N, 4H] then tanh(c') [N, H]. I0 = 1 when some rows were reset, with
/// the reset flags (0/1) in Aux.
/// </summary>
internal sealed class LstmCellOp : Op
{
    public static readonly LstmCellOp Instance = new();
    public override string Name => "lstm_cell";

    public static Tensor Forward(Graph g, Tensor x, Tensor h, Tensor c, Tensor wIh, Tensor wHh, Tensor? b, ReadOnlySpan<bool> resetRows)
    {
        if (x.Shape.Rank != 2 || h.Shape.Rank != 2)
            throw new ArgumentException($"LstmCell needs x [N, In] and h [N, H]; got {x.Shape} and {h.Shape}.");
        int n = x.Shape[0], inF = x.Shape[1], hid = h.Shape[1], g4 = 4 * hid;
        if (h.Shape[0] != n || c.Shape != h.Shape)
            throw new ArgumentException($"LstmCell state shapes h {h.Shape} and c {c.Shape} must both be [{n}, H].");
        if (wIh.Shape != new Shape(g4, inF) || wHh.Shape != new Shape(g4, hid))
            throw new ArgumentException($"LstmCell needs wIh [{g4}, {inF}] and wHh [{g4}, {hid}]; got {wIh.Shape} and {wHh.Shape}.");
        if (b is not null && b.Shape != new Shape(g4))
            throw new ArgumentException($"LstmCell bias must be [{g4}], got {b.Shape}.");
        if (!resetRows.IsEmpty && resetRows.Length != n)
            throw new ArgumentException($"LstmCell resetRows has {resetRows.Length} flags for a batch of {n}.");
        bool anyReset = resetRows.Contains(true);

        bool needs = x.RequiresGrad || h.RequiresGrad || c.RequiresGrad || wIh.RequiresGrad || wHh.RequiresGrad || (b?.RequiresGrad ?? false);
        var y = g.NewTensor(new Shape(n, 2 * hid), needs);
        if (y.RequiresGrad)
        {
            y.Creator = Instance;
            y.A = x;
            y.B = h;
            y.C = c;
            y.InputList ??= new();
            y.InputList.Clear();
            y.InputList.Add(wIh);
            y.InputList.Add(wHh);
            if (b is not null) y.InputList.Add(b);
        }
        y.I0 = 0;
        if (anyReset)
        {
            y.I0 = 1;
            (y.Aux, y.AuxOffset) = g.AllocInts(n);
            for (int r = 0; r < n; r++) y.Aux[y.AuxOffset + r] = resetRows[r] ? 1 : 0;
        }

        var saved = g.Scratch(n * 5 * hid, out var savedArray, out int savedOffset);
        var gates = saved[..(n * g4)];
        var tanhC = saved[(n * g4)..];
        Sgemm.Multiply(false, true, n, g4, inF, 1f, x.Span, inF, wIh.Span, inF, 0f, gates, g4);
        var hEff = anyReset ? MaskedCopy(g, h.Span, y.Aux.AsSpan(y.AuxOffset, n), hid) : h.Span;
        Sgemm.Multiply(false, true, n, g4, hid, 1f, hEff, hid, wHh.Span, hid, 1f, gates, g4);

        var bs = b is null ? ReadOnlySpan<float>.Empty : b.Span;
        var cs = c.Span;
        var ys = y.Span;
        for (int r = 0; r < n; r++)
        {
            var z = gates.Slice(r * g4, g4);
            if (!bs.IsEmpty) for (int j = 0; j < g4; j++) z[j] += bs[j];
            bool reset = anyReset && resetRows[r];
            for (int j = 0; j < hid; j++)
            {
                float i = Sigmoid(z[j]);
                float f = Sigmoid(z[hid + j]);
                float gg = MathF.Tanh(z[2 * hid + j]);
                float o = Sigmoid(z[3 * hid + j]);
                z[j] = i;
                z[hid + j] = f;
                z[2 * hid + j] = gg;
                z[3 * hid + j] = o;
                float cPrev = reset ? 0f : cs[r * hid + j];
                float cNew = f * cPrev + i * gg;
                float t = MathF.Tanh(cNew);
                tanhC[r * hid + j] = t;
                ys[r * 2 * hid + j] = o * t;
                ys[r * 2 * hid + hid + j] = cNew;
            }
        }
        if (y.RequiresGrad)
        {
            y.Saved = savedArray;
            y.SavedOffset = savedOffset;
        }
        return y;
    }

    public override void Backward(Graph g, Tensor y)
    {
        Tensor x = y.A!, h = y.B!, c = y.C!;
        var inputs = y.InputList!;
        Tensor wIh = inputs[0], wHh = inputs[1];
        Tensor? b = inputs.Count > 2 ? inputs[2] : null;
        int n = x.Shape[0], inF = x.Shape[1], hid = h.Shape[1], g4 = 4 * hid;
        bool anyReset = y.I0 != 0;
        var resets = anyReset ? y.Aux.AsSpan(y.AuxOffset, n) : ReadOnlySpan<int>.Empty;

        var gates = y.Saved.AsSpan(y.SavedOffset, n * g4);
        var tanhC = y.Saved.AsSpan(y.SavedOffset + n * g4, n * hid);
        var dy = y.Grad;
        var cs = c.Span;
        var dc = c.RequiresGrad ? g.GradOf(c) : Span<float>.Empty;
        var dZ = g.Scratch(n * g4, out _, out _);
        for (int r = 0; r < n; r++)
        {
            bool reset = anyReset && resets[r] != 0;
            var a = gates.Slice(r * g4, g4);
            var d = dZ.Slice(r * g4, g4);
            for (int j = 0; j < hid; j++)
            {
                float i = a[j], f = a[hid + j], gg = a[2 * hid + j], o = a[3 * hid + j];
                float t = tanhC[r * hid + j];
                float dh = dy[r * 2 * hid + j];
                float dcNew = dy[r * 2 * hid + hid + j] + dh * o * (1 - t * t);
                float cPrev = reset ? 0f : cs[r * hid + j];
                d[j] = dcNew * gg * i * (1 - i);
                d[hid + j] = dcNew * cPrev * f * (1 - f);
                d[2 * hid + j] = dcNew * i * (1 - gg * gg);
                d[3 * hid + j] = dh * t * o * (1 - o);
                if (!dc.IsEmpty && !reset) dc[r * hid + j] += dcNew * f;
            }
        }

        if (x.RequiresGrad)
            Sgemm.Multiply(false, false, n, inF, g4, 1f, dZ, g4, wIh.Span, inF, 1f, g.GradOf(x), inF);
        if (h.RequiresGrad)
        {
            if (!anyReset)
                Sgemm.Multiply(false, false, n, hid, g4, 1f, dZ, g4, wHh.Span, hid, 1f, g.GradOf(h), hid);
            else
            {
                var tmp = g.Scratch(n * hid, out _, out _);
                Sgemm.Multiply(false, false, n, hid, g4, 1f, dZ, g4, wHh.Span, hid, 0f, tmp, hid);
                var dh = g.GradOf(h);
                for (int r = 0; r < n; r++)
                {
                    if (resets[r] != 0) continue;
                    for (int j = r * hid; j < (r + 1) * hid; j++) dh[j] += tmp[j];
                }
            }
        }
        if (wIh.RequiresGrad)
            Sgemm.Multiply(true, false, g4, inF, n, 1f, dZ, g4, x.Span, inF, 1f, g.GradOf(wIh), inF);
        if (wHh.RequiresGrad)
        {
            var hEff = anyReset ? MaskedCopy(g, h.Span, resets, hid) : h.Span;
            Sgemm.Multiply(true, false, g4, hid, n, 1f, dZ, g4, hEff, hid, 1f, g.GradOf(wHh), hid);
        }
        if (b is not null && b.RequiresGrad)
        {
            var db = g.GradOf(b);
            for (int r = 0; r < n; r++)
            {
                var d = dZ.Slice(r * g4, g4);
                for (int j = 0; j < g4; j++) db[j] += d[j];
            }
        }
    }

    private static float Sigmoid(float v) => 1f / (1f + MathF.Exp(-v));

    /// <summary>A scratch copy of h with the reset rows zeroed.</summary>
    private static Span<float> MaskedCopy(Graph g, ReadOnlySpan<float> h, ReadOnlySpan<int> resets, int hid)
    {
        var copy = g.Scratch(h.Length, out _, out _);
        h.CopyTo(copy);
        for (int r = 0; r < resets.Length; r++)
            if (resets[r] != 0) copy.Slice(r * hid, hid).Clear();
        return copy;
    }
}
