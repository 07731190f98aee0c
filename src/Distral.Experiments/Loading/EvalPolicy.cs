using System.Globalization;

namespace Distral.Experiments;

/// <summary>Which policy of a multitask agent acts: task k's policy, or the distilled policy pi_0.</summary>
/// <param name="Task">The task index, or <see cref="DistilledIndex"/> for pi_0.</param>
public readonly record struct EvalPolicy(int Task)
{
    /// <summary>The <see cref="Task"/> value meaning pi_0.</summary>
    public const int DistilledIndex = -1;

    /// <summary>The distilled policy pi_0.</summary>
    public static EvalPolicy Distilled => new(DistilledIndex);

    /// <summary>True for pi_0.</summary>
    public bool IsDistilled => Task == DistilledIndex;

    /// <summary>"task3" or "distilled" (the names the command line accepts).</summary>
    public string Name => IsDistilled ? "distilled" : "task" + Task.ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses "taskK", "distilled" or "pi0"; <paramref name="option"/> names the option in the error.</summary>
    public static EvalPolicy Parse(string text, string option)
    {
        if (text is "distilled" or "pi0" or "pi_0") return Distilled;
        if (text.StartsWith("task", StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out int k))
            return new EvalPolicy(k);
        throw new ConfigException($"{option} {text}: expected taskK (K = 0, 1, ...) or distilled");
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
