using System.Globalization;

namespace Distral.Cli;

/// <summary>
/// The arguments of one verb, parsed against its known options: flags, options with a value (<c>--x V</c> or
/// <c>--x=V</c>, repeatable) and positional arguments. An unknown option or a missing value is a one-line
/// <see cref="UserErrorException"/> that names the verb and shows its usage.
/// </summary>
internal sealed class VerbArguments
{
    private readonly string _verb;
    private readonly string _usage;
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    private VerbArguments(string verb, string usage)
    {
        _verb = verb;
        _usage = usage;
    }

    /// <summary>The positional arguments in order.</summary>
    public List<string> Positionals { get; } = [];

    /// <summary>True when -h or --help was given.</summary>
    public bool Help { get; private set; }

    /// <summary>Parses <paramref name="args"/>; <paramref name="flags"/> take no value, <paramref name="valued"/> take one.</summary>
    public static VerbArguments Parse(string verb, string usage, string[] args, IReadOnlyCollection<string> flags, IReadOnlyCollection<string> valued)
    {
        var parsed = new VerbArguments(verb, usage);
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (arg is "-h" or "--help")
            {
                parsed.Help = true;
                continue;
            }
            if (!arg.StartsWith('-') || arg == "-")
            {
                parsed.Positionals.Add(arg);
                continue;
            }
            string name = arg;
            string? inline = null;
            int eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                name = arg[..eq];
                inline = arg[(eq + 1)..];
            }
            if (flags.Contains(name) && inline is null)
            {
                parsed._flags.Add(name);
            }
            else if (valued.Contains(name))
            {
                string value = inline ?? (i + 1 < args.Length ? args[++i] : throw parsed.Error($"{name} needs a value"));
                if (!parsed._values.TryGetValue(name, out var list)) parsed._values[name] = list = [];
                list.Add(value);
            }
            else
            {
                throw parsed.Error($"unknown option '{arg}'");
            }
        }
        return parsed;
    }

    /// <summary>True when the flag was given.</summary>
    public bool Has(string flag) => _flags.Contains(flag);

    /// <summary>The last value of an option, or null.</summary>
    public string? Value(string option) => _values.TryGetValue(option, out var list) ? list[^1] : null;

    /// <summary>Every value of a repeatable option in order.</summary>
    public IReadOnlyList<string> Values(string option) => _values.TryGetValue(option, out var list) ? list : [];

    /// <summary>The option as a whole number >= <paramref name="min"/>, or <paramref name="fallback"/> when absent.</summary>
    public int Int(string option, int fallback, int min = 1)
    {
        string? text = Value(option);
        if (text is null) return fallback;
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v) || v < min)
            throw Error($"{option} {text}: expected a whole number >= {min}");
        return v;
    }

    /// <summary>The option as a whole number >= 0 (a seed), or <paramref name="fallback"/> when absent.</summary>
    public ulong ULong(string option, ulong fallback)
    {
        string? text = Value(option);
        if (text is null) return fallback;
        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong v))
            throw Error($"{option} {text}: expected a whole number >= 0");
        return v;
    }

    /// <summary>The option as a number in (<paramref name="above"/>, <paramref name="max"/>], or <paramref name="fallback"/> when absent.</summary>
    public double Double(string option, double fallback, double above, double max)
    {
        string? text = Value(option);
        if (text is null) return fallback;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !(v > above && v <= max))
            throw Error(string.Create(CultureInfo.InvariantCulture, $"{option} {text}: expected a number in ({above}, {max}]"));
        return v;
    }

    /// <summary>A one-line user error naming the verb, with its usage.</summary>
    public UserErrorException Error(string problem) => new($"{_verb}: {problem} ({_usage})");
}
