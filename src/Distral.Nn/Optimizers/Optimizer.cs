using Distral.Tensors;

namespace Distral.Nn;

/// <summary>
/// Updates a fixed list of parameters from gradients. Buffers are allocated once in the constructor, so
/// <see cref="Step"/> allocates nothing. Gradients are read from <see cref="GradientSources"/>, which are
/// the parameters themselves unless another list of the same shapes is given (A3C workers: local network
/// gradients applied to the shared network's parameters).
/// </summary>
public abstract class Optimizer
{
    private readonly Tensor[] _parameters;
    private readonly Tensor[] _gradientSources;
    private readonly List<(string Name, float[][] PerParameter)> _buffers = [];

    /// <summary>Sets up the parameter and gradient lists (same count and shapes).</summary>
    protected Optimizer(IReadOnlyList<Tensor> parameters, float learningRate, IReadOnlyList<Tensor>? gradientSources)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = [.. parameters];
        _gradientSources = gradientSources is null ? _parameters : [.. gradientSources];
        if (_gradientSources.Length != _parameters.Length)
            throw new ArgumentException($"{_gradientSources.Length} gradient sources for {_parameters.Length} parameters.");
        for (int i = 0; i < _parameters.Length; i++)
        {
            if (!_parameters[i].IsParameter || !_gradientSources[i].IsParameter)
                throw new ArgumentException($"Optimizer entry {i} is not a parameter tensor.");
            if (_parameters[i].Shape != _gradientSources[i].Shape)
                throw new ArgumentException($"Optimizer entry {i}: gradient source shape {_gradientSources[i].Shape} differs from parameter shape {_parameters[i].Shape}.");
        }
        LearningRate = learningRate;
    }

    /// <summary>The parameters updated by <see cref="Step"/>.</summary>
    public IReadOnlyList<Tensor> Parameters => _parameters;

    /// <summary>The tensors whose gradients drive the update (the parameters unless given otherwise).</summary>
    public IReadOnlyList<Tensor> GradientSources => _gradientSources;

    /// <summary>The step size; may be changed between steps (schedules).</summary>
    public float LearningRate { get; set; }

    /// <summary>Number of steps taken (restored by <see cref="ImportState"/>).</summary>
    public long StepCount { get; private set; }

    /// <summary>Applies one update to every parameter from its current gradient.</summary>
    public void Step()
    {
        StepCount++;
        BeginStep();
        for (int i = 0; i < _parameters.Length; i++) Update(i, _parameters[i].Span, _gradientSources[i].Grad);
    }

    /// <summary>Zeroes the gradients that drive the update.</summary>
    public void ZeroGrad()
    {
        foreach (var t in _gradientSources) t.ZeroGrad();
    }

    /// <summary>A deep copy of the step counter and buffers.</summary>
    public OptimizerState ExportState()
    {
        var dict = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var (name, per) in EnumerateBuffers())
            for (int i = 0; i < per.Length; i++) dict.Add(Key(i, name), (float[])per[i].Clone());
        return new OptimizerState(StepCount, dict);
    }

    /// <summary>Restores a state exported by an optimizer of the same kind over parameters of the same shapes.</summary>
    public void ImportState(OptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Step < 0) throw new ArgumentException($"Optimizer state has a negative step count {state.Step}.");
        var expected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, per) in EnumerateBuffers())
        {
            for (int i = 0; i < per.Length; i++)
            {
                string key = Key(i, name);
                expected.Add(key);
                if (!state.Buffers.TryGetValue(key, out var src))
                    throw new KeyNotFoundException($"Optimizer state is missing buffer '{key}'.");
                if (src.Length != per[i].Length)
                    throw new ArgumentException($"Optimizer state buffer '{key}' has {src.Length} values, expected {per[i].Length}.");
            }
        }
        foreach (var key in state.Buffers.Keys.Order(StringComparer.Ordinal))
            if (!expected.Contains(key)) throw new ArgumentException($"Optimizer state has unexpected buffer '{key}'.");
        foreach (var (name, per) in EnumerateBuffers())
            for (int i = 0; i < per.Length; i++) state.Buffers[Key(i, name)].CopyTo(per[i], 0);
        StepCount = state.Step;
    }

    /// <summary>Allocates one zeroed buffer per parameter, registered for export under <paramref name="name"/>.</summary>
    protected float[][] CreateBuffers(string name)
    {
        var per = new float[_parameters.Length][];
        for (int i = 0; i < per.Length; i++) per[i] = new float[_parameters[i].Size];
        _buffers.Add((name, per));
        return per;
    }

    /// <summary>Registers buffers owned elsewhere (shared state) for export.</summary>
    private protected void RegisterBuffers(string name, float[][] perParameter) => _buffers.Add((name, perParameter));

    /// <summary>Called once per step before the per-parameter updates (bias corrections etc.).</summary>
    protected virtual void BeginStep() { }

    /// <summary>Updates parameter <paramref name="index"/> in place from its gradient.</summary>
    protected abstract void Update(int index, Span<float> value, ReadOnlySpan<float> grad);

    private List<(string Name, float[][] PerParameter)> EnumerateBuffers() => _buffers;

    private static string Key(int index, string name) => index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + name;
}
