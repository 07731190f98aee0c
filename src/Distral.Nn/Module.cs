using System.Runtime.Intrinsics;
using Distral.Tensors;

namespace Distral.Nn;

/// <summary>
/// Base class of every network part. A module registers its own parameters and child modules under names;
/// the dotted path from the root ("layers.0.weight") is the parameter's state-dict key and its
/// <see cref="Tensor.Name"/>. Registration order is the iteration order (deterministic).
/// </summary>
public abstract class Module
{
    private readonly List<(string Name, Tensor Parameter)> _parameters = [];
    private readonly List<(string Name, Module Child)> _children = [];

    /// <summary>Computes the module's output for input <paramref name="x"/> with the ops of <paramref name="g"/>.</summary>
    public abstract Tensor Forward(Graph g, Tensor x);

    /// <summary>Registers a trainable tensor under <paramref name="name"/> (no dots) and returns it.</summary>
    protected Tensor RegisterParameter(string name, Tensor parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        if (!parameter.IsParameter) throw new ArgumentException($"'{name}' is not a parameter tensor (use Tensor.Parameter).");
        CheckNewName(name);
        _parameters.Add((name, parameter));
        RefreshNames();
        return parameter;
    }

    /// <summary>Registers a child module under <paramref name="name"/> (no dots) and returns it.</summary>
    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        ArgumentNullException.ThrowIfNull(module);
        if (ReferenceEquals(module, this)) throw new ArgumentException("A module cannot contain itself.");
        CheckNewName(name);
        _children.Add((name, module));
        RefreshNames();
        return module;
    }

    /// <summary>The direct children, in registration order.</summary>
    public IEnumerable<(string Name, Module Module)> NamedChildren()
    {
        foreach (var c in _children) yield return c;
    }

    /// <summary>Every parameter of this module and its descendants with its dotted name, own parameters first.</summary>
    public IEnumerable<(string Name, Tensor Parameter)> NamedParameters()
    {
        var result = new List<(string, Tensor)>();
        Collect("", result);
        return result;
    }

    /// <summary>Every parameter, in <see cref="NamedParameters"/> order.</summary>
    public IReadOnlyList<Tensor> Parameters() => NamedParameters().Select(p => p.Parameter).ToList();

    /// <summary>Name -> parameter (the live tensors, not copies), in <see cref="NamedParameters"/> order.</summary>
    public Dictionary<string, Tensor> StateDict()
    {
        var dict = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, p) in NamedParameters()) dict.Add(name, p);
        return dict;
    }

    /// <summary>
    /// Copies values from <paramref name="state"/> into the parameters by name. Shapes must match. With
    /// <paramref name="strict"/>, a missing or unexpected key is an error; otherwise such keys are skipped.
    /// </summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(state);
        var own = NamedParameters().ToList();
        // Validate everything first so a failed load leaves the module untouched.
        foreach (var (name, p) in own)
        {
            if (!state.TryGetValue(name, out var src))
            {
                if (strict) throw new KeyNotFoundException($"State dict is missing key '{name}' (expected shape {p.Shape}).");
                continue;
            }
            if (src.Shape != p.Shape)
                throw new ArgumentException($"State dict key '{name}' has shape {src.Shape}, the module expects {p.Shape}.");
        }
        if (strict)
        {
            var names = new HashSet<string>(own.Select(o => o.Name), StringComparer.Ordinal);
            foreach (var key in state.Keys.Order(StringComparer.Ordinal))
                if (!names.Contains(key)) throw new ArgumentException($"State dict has unexpected key '{key}'.");
        }
        foreach (var (name, p) in own)
            if (state.TryGetValue(name, out var src)) src.Span.CopyTo(p.Span);
    }

    /// <summary>Zeroes every parameter's gradient.</summary>
    public void ZeroGrad()
    {
        foreach (var (_, p) in NamedParameters()) p.ZeroGrad();
    }

    /// <summary>Copies every parameter value from <paramref name="other"/>, which must have the same architecture (target networks).</summary>
    public void CopyParametersFrom(Module other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var mine = NamedParameters().ToList();
        var theirs = other.NamedParameters().ToList();
        if (mine.Count != theirs.Count)
            throw new ArgumentException($"Cannot copy parameters: {theirs.Count} parameters into {mine.Count}.");
        for (int i = 0; i < mine.Count; i++)
        {
            if (mine[i].Name != theirs[i].Name || mine[i].Parameter.Shape != theirs[i].Parameter.Shape)
                throw new ArgumentException(
                    $"Cannot copy parameters: '{theirs[i].Name}' {theirs[i].Parameter.Shape} does not match '{mine[i].Name}' {mine[i].Parameter.Shape}.");
        }
        for (int i = 0; i < mine.Count; i++) theirs[i].Parameter.Span.CopyTo(mine[i].Parameter.Span);
    }

    /// <summary>
    /// Polyak averaging for target networks: every parameter moves a fraction <paramref name="tau"/> towards the
    /// matching parameter of <paramref name="other"/> (same architecture), p += tau (p_other - p). Allocation-free,
    /// so it can run after every update.
    /// </summary>
    public void SoftUpdateFrom(Module other, float tau)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!(tau >= 0 && tau <= 1)) throw new ArgumentOutOfRangeException(nameof(tau), $"tau must be in [0, 1], got {tau}.");
        SoftUpdate(this, other, tau);
    }

    private static void SoftUpdate(Module target, Module source, float tau)
    {
        if (target._parameters.Count != source._parameters.Count || target._children.Count != source._children.Count)
            throw new ArgumentException("Cannot soft-update parameters: the two modules have different architectures.");
        for (int i = 0; i < target._parameters.Count; i++)
        {
            var (name, dst) = target._parameters[i];
            var src = source._parameters[i].Parameter;
            if (dst.Shape != src.Shape)
                throw new ArgumentException($"Cannot soft-update '{name}': shape {src.Shape} does not match {dst.Shape}.");
            Lerp(dst.Span, src.Span, tau);
        }
        for (int i = 0; i < target._children.Count; i++) SoftUpdate(target._children[i].Child, source._children[i].Child, tau);
    }

    // dst += tau (src - dst), lane by lane the same arithmetic as the scalar tail.
    private static void Lerp(Span<float> dst, ReadOnlySpan<float> src, float tau)
    {
        int k = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var t = Vector512.Create(tau);
            for (; k <= dst.Length - Vector512<float>.Count; k += Vector512<float>.Count)
            {
                var d = Vector512.Create(dst.Slice(k, Vector512<float>.Count));
                (d + t * (Vector512.Create(src.Slice(k, Vector512<float>.Count)) - d)).CopyTo(dst.Slice(k));
            }
        }
        for (; k < dst.Length; k++) dst[k] += tau * (src[k] - dst[k]);
    }

    /// <summary>Total number of trainable scalars.</summary>
    public int ParameterCount() => NamedParameters().Sum(p => p.Parameter.Size);

    private void Collect(string prefix, List<(string, Tensor)> result)
    {
        foreach (var (name, p) in _parameters) result.Add((prefix + name, p));
        foreach (var (name, child) in _children) child.Collect(prefix + name + ".", result);
    }

    // Names are relative to the module that registered last, so the outermost registration wins: the root's view.
    private void RefreshNames()
    {
        foreach (var (name, p) in NamedParameters()) p.Name = name;
    }

    private void CheckNewName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.'))
            throw new ArgumentException($"Module member name '{name}' must be non-empty and contain no '.'.");
        foreach (var (n, _) in _parameters)
            if (n == name) throw new ArgumentException($"Name '{name}' is already registered.");
        foreach (var (n, _) in _children)
            if (n == name) throw new ArgumentException($"Name '{name}' is already registered.");
    }
}
