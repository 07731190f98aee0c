using System.Runtime.InteropServices;
using Distral.Tensors;

namespace Distral.Nn;

/// <summary>
/// A single-layer LSTM (PyTorch LSTMCell equations and parameter names: weight_ih [4H, in], weight_hh [4H, H],
/// bias_ih and bias_hh [4H], gate order i, f, g, o), with step-by-step and unrolled use. Unrolls start from an
/// <see cref="LstmState"/> without gradient into the past (truncated backprop through time) and write the final
/// (h, c) back to it. Default init as PyTorch: every parameter U(+-1/sqrt(H)).
/// </summary>
public sealed class Lstm : Module
{
    // Per-thread reusable step lists for UnrollTimeMajor: no allocation per call once warm.
    [ThreadStatic] private static List<Tensor>? _stepInputs;
    [ThreadStatic] private static List<Tensor>? _stepOutputs;

    /// <summary>Creates the cell and initialises it from <paramref name="rng"/> (weight_ih, weight_hh, bias_ih, bias_hh).</summary>
    public Lstm(int inputSize, int hiddenSize, Rng rng, bool bias = true)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (inputSize <= 0 || hiddenSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(inputSize), $"Lstm needs positive sizes, got input {inputSize}, hidden {hiddenSize}.");
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        float bound = 1f / MathF.Sqrt(hiddenSize);
        WeightIh = RegisterParameter("weight_ih", Tensor.Parameter(new Shape(4 * hiddenSize, inputSize)));
        Init.Uniform(WeightIh, rng, -bound, bound);
        WeightHh = RegisterParameter("weight_hh", Tensor.Parameter(new Shape(4 * hiddenSize, hiddenSize)));
        Init.Uniform(WeightHh, rng, -bound, bound);
        if (bias)
        {
            BiasIh = RegisterParameter("bias_ih", Tensor.Parameter(new Shape(4 * hiddenSize)));
            Init.Uniform(BiasIh, rng, -bound, bound);
            BiasHh = RegisterParameter("bias_hh", Tensor.Parameter(new Shape(4 * hiddenSize)));
            Init.Uniform(BiasHh, rng, -bound, bound);
        }
    }

    public int InputSize { get; }
    public int HiddenSize { get; }

    /// <summary>[4H, in], gate blocks i, f, g, o.</summary>
    public Tensor WeightIh { get; }

    /// <summary>[4H, H], gate blocks i, f, g, o.</summary>
    public Tensor WeightHh { get; }

    /// <summary>[4H], or null when built without bias.</summary>
    public Tensor? BiasIh { get; }

    /// <summary>[4H], or null when built without bias.</summary>
    public Tensor? BiasHh { get; }

    /// <summary>A zero state for <paramref name="batchSize"/> sequences.</summary>
    public LstmState NewState(int batchSize) => new(batchSize, HiddenSize);

    /// <summary>One step from a zero state: h' for x [N, in].</summary>
    public override Tensor Forward(Graph g, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(x);
        var zeros = g.Zeros(new Shape(x.Shape[0], HiddenSize));
        return Step(g, x, zeros, zeros).Hidden;
    }

    /// <summary>
    /// One step from graph tensors h and c [N, H] (gradients flow into them). Rows flagged in
    /// <paramref name="resetRows"/> start from zero state instead.
    /// </summary>
    public (Tensor Hidden, Tensor Cell) Step(Graph g, Tensor x, Tensor h, Tensor c, ReadOnlySpan<bool> resetRows = default)
    {
        ArgumentNullException.ThrowIfNull(g);
        return g.LstmCellSplit(g.LstmCell(x, h, c, WeightIh, WeightHh, CombinedBias(g), resetRows));
    }

    /// <summary>
    /// One step from <paramref name="state"/> (e.g. while acting): returns h' [N, H] and stores (h', c') in the state.
    /// Rows flagged in <paramref name="episodeStarts"/> start from zero state.
    /// </summary>
    public Tensor Step(Graph g, Tensor x, LstmState state, ReadOnlySpan<bool> episodeStarts = default)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(x);
        CheckState(state);
        CheckStep(x, state, 0);
        CheckStarts(episodeStarts, 1, state);
        var h = g.Input(new Shape(state.BatchSize, HiddenSize), state.Hidden);
        var c = g.Input(new Shape(state.BatchSize, HiddenSize), state.Cell);
        (h, c) = Step(g, x, h, c, episodeStarts);
        h.Span.CopyTo(state.Hidden);
        c.Span.CopyTo(state.Cell);
        return h;
    }

    /// <summary>
    /// Runs the cell over <paramref name="inputs"/> (one [N, in] tensor per time step) from <paramref name="state"/>,
    /// with no gradient into the state's past (truncated BPTT); appends each step's h [N, H] to
    /// <paramref name="outputs"/> (cleared first) and stores the final (h, c) in the state.
    /// <paramref name="episodeStarts"/> (empty, or T*N flags, time-major) zeroes a row's state before that step.
    /// </summary>
    public void Unroll(Graph g, IReadOnlyList<Tensor> inputs, LstmState state, List<Tensor> outputs, ReadOnlySpan<bool> episodeStarts = default)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        CheckState(state);
        for (int t = 0; t < inputs.Count; t++) CheckStep(inputs[t], state, t);
        CheckStarts(episodeStarts, inputs.Count, state);
        outputs.Clear();
        if (inputs.Count == 0) return;
        int n = state.BatchSize;
        var bias = CombinedBias(g);
        // Constants, not parameters: this is where the gradient of the unroll stops.
        var h = g.Input(new Shape(n, HiddenSize), state.Hidden);
        var c = g.Input(new Shape(n, HiddenSize), state.Cell);
        for (int t = 0; t < inputs.Count; t++)
        {
            var starts = episodeStarts.IsEmpty ? default : episodeStarts.Slice(t * n, n);
            (h, c) = g.LstmCellSplit(g.LstmCell(inputs[t], h, c, WeightIh, WeightHh, bias, starts));
            outputs.Add(h);
        }
        h.Span.CopyTo(state.Hidden);
        c.Span.CopyTo(state.Cell);
    }

    /// <summary>As <see cref="Unroll(Graph, IReadOnlyList{Tensor}, LstmState, List{Tensor}, ReadOnlySpan{bool})"/>, returning a new list of the step outputs.</summary>
    public List<Tensor> Unroll(Graph g, IReadOnlyList<Tensor> inputs, LstmState state, ReadOnlySpan<bool> episodeStarts = default)
    {
        var outputs = new List<Tensor>(inputs?.Count ?? 0);
        Unroll(g, inputs!, state, outputs, episodeStarts);
        return outputs;
    }

    /// <summary>
    /// Unrolls over time-major rows: <paramref name="inputs"/> [T*N, in] (row t*N + n is sequence n at step t,
    /// N = state.BatchSize) -> h for every row, [T*N, H]. Lets a torso and heads process all T*N rows at once.
    /// </summary>
    public Tensor UnrollTimeMajor(Graph g, Tensor inputs, LstmState state, ReadOnlySpan<bool> episodeStarts = default)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(inputs);
        CheckState(state);
        int n = state.BatchSize;
        if (inputs.Shape.Rank != 2 || inputs.Shape[1] != InputSize || inputs.Shape[0] == 0 || inputs.Shape[0] % n != 0)
            throw new ArgumentException($"UnrollTimeMajor needs inputs [T*{n}, {InputSize}] with T >= 1, got {inputs.Shape}.");
        int steps = inputs.Shape[0] / n;
        var stepInputs = _stepInputs ??= new List<Tensor>();
        stepInputs.Clear();
        for (int t = 0; t < steps; t++) stepInputs.Add(steps == 1 ? inputs : g.Narrow(inputs, 0, t * n, n));
        var outputs = _stepOutputs ??= new List<Tensor>();
        Unroll(g, stepInputs, state, outputs, episodeStarts);
        stepInputs.Clear();
        var result = steps == 1 ? outputs[0] : g.Concat(0, CollectionsMarshal.AsSpan(outputs));
        outputs.Clear();
        return result;
    }

    /// <summary>bias_ih + bias_hh as one graph tensor (gradient reaches both), or null without bias.</summary>
    private Tensor? CombinedBias(Graph g) => BiasIh is null || BiasHh is null ? null : g.Add(BiasIh, BiasHh);

    private void CheckState(LstmState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.HiddenSize != HiddenSize)
            throw new ArgumentException($"LstmState has hidden size {state.HiddenSize}, the Lstm has {HiddenSize}.");
    }

    private void CheckStep(Tensor x, LstmState state, int step)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Shape.Rank != 2 || x.Shape[0] != state.BatchSize || x.Shape[1] != InputSize)
            throw new ArgumentException($"Lstm input at step {step} must be [{state.BatchSize}, {InputSize}], got {x.Shape}.");
    }

    private static void CheckStarts(ReadOnlySpan<bool> episodeStarts, int steps, LstmState state)
    {
        if (!episodeStarts.IsEmpty && episodeStarts.Length != steps * state.BatchSize)
            throw new ArgumentException($"episodeStarts has {episodeStarts.Length} flags; expected {steps} steps x {state.BatchSize} rows.");
    }
}
