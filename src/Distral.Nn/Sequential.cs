using Distral.Tensors;

namespace Distral.Nn;

/// <summary>
/// Modules applied in order, registered as "0", "1", ... (PyTorch nn.Sequential names). A
/// <see cref="Linear"/> without its own activation followed by an <see cref="ActivationLayer"/> runs as
/// one fused linear op.
/// </summary>
public sealed class Sequential : Module
{
    private readonly Module[] _modules;

    /// <summary>Builds the chain; names are the positions.</summary>
    public Sequential(params Module[] modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        _modules = [.. modules];
        for (int i = 0; i < _modules.Length; i++) RegisterModule(i.ToString(System.Globalization.CultureInfo.InvariantCulture), _modules[i]);
    }

    /// <summary>Number of modules.</summary>
    public int Count => _modules.Length;

    /// <summary>The module at <paramref name="index"/>.</summary>
    public Module this[int index] => _modules[index];

    /// <inheritdoc />
    public override Tensor Forward(Graph g, Tensor x)
    {
        for (int i = 0; i < _modules.Length; i++)
        {
            if (_modules[i] is Linear { Activation: Activation.None } linear
                && i + 1 < _modules.Length && _modules[i + 1] is ActivationLayer act)
            {
                x = linear.Forward(g, x, act.Kind, act.LeakySlope);
                i++;
            }
            else
            {
                x = _modules[i].Forward(g, x);
            }
        }
        return x;
    }
}
