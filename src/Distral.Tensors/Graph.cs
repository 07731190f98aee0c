namespace Distral.Tensors;

/// <summary>
/// The autodiff context: an arena for activations and their gradients, a pool of tensor objects, and the
/// tape (the pool's used tensors, in creation order, which is a topological order).
/// Typical step: build the loss with this graph's ops, <see cref="Backward(Tensor)"/>, let the optimizer
/// update the parameters, then <see cref="Reset"/>. After the first few steps every buffer and tensor
/// object is reused, so a steady-state training step allocates nothing on the managed heap.
/// A graph is not thread-safe: give each worker thread its own.
/// </summary>
public sealed partial class Graph
{
    private const int DefaultChunk = 1 << 16;

    private readonly List<float[]> _chunks = [];
    private int _chunk;
    private int _chunkUsed;

    private readonly List<int[]> _intChunks = [];
    private int _intChunk;
    private int _intChunkUsed;

    private readonly List<Tensor> _pool = [];
    private int _used;

    /// <summary>When false, ops compute values only and record nothing (acting, evaluation, targets).</summary>
    public bool GradEnabled { get; set; } = true;

    /// <summary>Number of tensors made since the last reset.</summary>
    public int TensorCount => _used;

    /// <summary>Floats held by the arena (grows during warm-up, then stays put).</summary>
    public long ArenaFloats
    {
        get
        {
            long n = 0;
            foreach (var c in _chunks) n += c.Length;
            return n;
        }
    }

    /// <summary>Turns gradient recording off until the returned scope is disposed.</summary>
    public NoGradScope NoGrad()
    {
        var scope = new NoGradScope(this, GradEnabled);
        GradEnabled = false;
        return scope;
    }

    /// <summary>Recycles every tensor and buffer made since the last reset. Tensors from before are invalid.</summary>
    public void Reset()
    {
        for (int i = 0; i < _used; i++)
        {
            var t = _pool[i];
            t.Creator = null;
            t.A = t.B = t.C = null;
            t.InputList?.Clear();
            t.Aux = null;
            t.Saved = null;
            t.GradData = null;
        }
        _used = 0;
        _chunk = 0;
        _chunkUsed = 0;
        _intChunk = 0;
        _intChunkUsed = 0;
    }

    /// <summary>A graph tensor holding a copy of <paramref name="values"/> (an input; no gradient).</summary>
    public Tensor Input(Shape shape, ReadOnlySpan<float> values)
    {
        if (values.Length != shape.Size)
            throw new ArgumentException($"{values.Length} values do not fill shape {shape} ({shape.Size} elements).");
        var t = NewTensor(shape, requiresGrad: false, clear: false);
        values.CopyTo(t.Span);
        return t;
    }

    /// <summary>A zero-filled graph tensor (no gradient) to be written by the caller.</summary>
    public Tensor Zeros(Shape shape) => NewTensor(shape, requiresGrad: false, clear: true);

    /// <summary>A graph tensor filled with one value (no gradient).</summary>
    public Tensor Full(Shape shape, float value)
    {
        var t = NewTensor(shape, requiresGrad: false, clear: false);
        t.Span.Fill(value);
        return t;
    }

    /// <summary>
    /// Back-propagates from a one-element <paramref name="loss"/>: every tensor on the tape that requires
    /// grad, parameters included, accumulates d(loss)/d(tensor) into its gradient.
    /// </summary>
    public void Backward(Tensor loss)
    {
        if (loss.Size != 1)
            throw new ArgumentException($"Backward needs a one-element loss, got shape {loss.Shape}; use Backward(tensor, seed).");
        Backward(loss, [1f]);
    }

    /// <summary>Back-propagates from <paramref name="output"/> with d(loss)/d(output) = <paramref name="seed"/>.</summary>
    public void Backward(Tensor output, ReadOnlySpan<float> seed)
    {
        if (!output.RequiresGrad)
            throw new InvalidOperationException("Backward from a tensor that does not require grad (made under NoGrad, or from constants only).");
        if (seed.Length != output.Size)
            throw new ArgumentException($"Seed has {seed.Length} values, output has {output.Size}.");
        var g = GradOf(output);
        for (int i = 0; i < g.Length; i++) g[i] += seed[i];
        for (int i = _used - 1; i >= 0; i--)
        {
            var t = _pool[i];
            if (t.Creator is not null && t.GradData is not null) t.Creator.Backward(this, t);
        }
    }

    /// <summary>The gradient buffer of <paramref name="t"/>, allocated zeroed from the arena on first use.</summary>
    internal Span<float> GradOf(Tensor t)
    {
        if (t.GradData is null)
        {
            (t.GradData, t.GradOffset) = AllocFloats(t.Size, clear: true);
        }
        return t.GradData.AsSpan(t.GradOffset, t.Size);
    }

    /// <summary>
    /// A tensor from the pool with fresh arena storage. Ops call this with requiresGrad = any input
    /// requires grad; recording is skipped when gradients are disabled.
    /// </summary>
    internal Tensor NewTensor(Shape shape, bool requiresGrad, bool clear = false)
    {
        Tensor t;
        if (_used < _pool.Count) t = _pool[_used];
        else
        {
            t = new Tensor();
            _pool.Add(t);
        }
        _used++;
        t.Shape = shape;
        (t.Data, t.Offset) = AllocFloats(shape.Size, clear);
        t.GradData = null;
        t.RequiresGrad = requiresGrad && GradEnabled;
        t.Creator = null;
        t.Owner = this;
        return t;
    }

    /// <summary>Makes an op's output and, when it requires grad, records the op and its inputs on it.</summary>
    internal Tensor Record(Op op, Shape shape, Tensor a, Tensor? b = null, Tensor? c = null, bool clear = false)
    {
        bool needs = a.RequiresGrad || (b?.RequiresGrad ?? false) || (c?.RequiresGrad ?? false);
        var t = NewTensor(shape, needs, clear);
        if (t.RequiresGrad)
        {
            t.Creator = op;
            t.A = a;
            t.B = b;
            t.C = c;
        }
        return t;
    }

    /// <summary>A run of floats from the arena; valid until <see cref="Reset"/>.</summary>
    internal (float[] Array, int Offset) AllocFloats(int count, bool clear)
    {
        while (true)
        {
            if (_chunk < _chunks.Count)
            {
                var c = _chunks[_chunk];
                if (c.Length - _chunkUsed >= count)
                {
                    int off = _chunkUsed;
                    _chunkUsed += count;
                    if (clear) c.AsSpan(off, count).Clear();
                    return (c, off);
                }
                _chunk++;
                _chunkUsed = 0;
                continue;
            }
            _chunks.Add(new float[Math.Max(DefaultChunk, count)]);
        }
    }

    /// <summary>A run of ints from the arena (saved indices); valid until <see cref="Reset"/>.</summary>
    internal (int[] Array, int Offset) AllocInts(int count)
    {
        while (true)
        {
            if (_intChunk < _intChunks.Count)
            {
                var c = _intChunks[_intChunk];
                if (c.Length - _intChunkUsed >= count)
                {
                    int off = _intChunkUsed;
                    _intChunkUsed += count;
                    return (c, off);
                }
                _intChunk++;
                _intChunkUsed = 0;
                continue;
            }
            _intChunks.Add(new int[Math.Max(DefaultChunk / 4, count)]);
        }
    }

    /// <summary>A run of floats from the arena as a span, for an op's temporary or saved values.</summary>
    internal Span<float> Scratch(int count, out float[] array, out int offset, bool clear = false)
    {
        (array, offset) = AllocFloats(count, clear);
        return array.AsSpan(offset, count);
    }
}
