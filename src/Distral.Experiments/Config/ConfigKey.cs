using System.Globalization;

namespace Distral.Experiments;

/// <summary>
/// One documented configuration key: its snake_case name, type, default, allowed range or choices and a
/// one-line description. <see cref="ConfigKeys.All"/> is the table; docs/configuration.md is generated from it.
/// Values are stored as long (Integer), double (Number), bool (Boolean), string (Choice, Text), string[] (TextList)
/// or long[] (IntegerList). A key that algorithm families read has a default per family (<see cref="FamilyDefaults"/>).
/// </summary>
public sealed record ConfigKey
{
    /// <summary>Creates a key.</summary>
    public ConfigKey(string name, ConfigValueKind kind, object defaultValue, string description)
    {
        Name = name;
        Kind = kind;
        Default = defaultValue;
        Description = description;
    }

    /// <summary>The snake_case key name used in YAML and --set.</summary>
    public string Name { get; }

    /// <summary>The value type.</summary>
    public ConfigValueKind Kind { get; }

    /// <summary>The default value (typed as described on the record).</summary>
    public object Default { get; }

    /// <summary>What the key controls (one line, markdown allowed).</summary>
    public string Description { get; }

    /// <summary>Smallest allowed value (numbers), or null.</summary>
    public double? Min { get; init; }

    /// <summary>Whether <see cref="Min"/> itself is excluded.</summary>
    public bool MinExclusive { get; init; }

    /// <summary>Largest allowed value (numbers), or null.</summary>
    public double? Max { get; init; }

    /// <summary>The allowed names of a Choice key.</summary>
    public IReadOnlyList<string> Choices { get; init; } = [];

    /// <summary>
    /// The algorithm families that read this key, each with its own default, in catalog order; empty for a key of
    /// the run itself. <see cref="Default"/> is the first family's.
    /// </summary>
    public IReadOnlyList<(string Family, object Default)> FamilyDefaults { get; init; } = [];

    /// <summary>True when families read this key with different defaults (so a config's default depends on its algorithm).</summary>
    public bool DefaultDependsOnFamily => FamilyDefaults.Select(f => FormatScalar(f.Default)).Distinct(StringComparer.Ordinal).Skip(1).Any();

    /// <summary>The default under an algorithm of <paramref name="family"/> (<see cref="Default"/> when that family does not read the key).</summary>
    public object DefaultFor(string family)
    {
        foreach (var (name, value) in FamilyDefaults)
            if (name == family) return value;
        return Default;
    }

    /// <summary>
    /// The default as shown in --keys and the docs, unquoted, each value passed through <paramref name="wrap"/>:
    /// "0.999" or, where families differ, "0.999 (soft-Q), 0.99 (actor-critic)".
    /// </summary>
    public string DefaultText(Func<string, string> wrap)
    {
        ArgumentNullException.ThrowIfNull(wrap);
        // An empty text (a path not set) shows as "" rather than as nothing.
        string Show(object value) => value is "" ? wrap("\"\"") : wrap(FormatScalar(value).Replace("\"", "", StringComparison.Ordinal));
        return DefaultDependsOnFamily
            ? string.Join(", ", FamilyDefaults.Select(f => $"{Show(f.Default)} ({f.Family})"))
            : Show(Default);
    }

    /// <summary>True when <paramref name="other"/> describes the same key apart from its default (name, type, range, choices, text).</summary>
    public bool HasSameDefinition(ConfigKey other) =>
        other is not null && Name == other.Name && Kind == other.Kind && Description == other.Description && Min == other.Min
        && MinExclusive == other.MinExclusive && Max == other.Max && Choices.SequenceEqual(other.Choices, StringComparer.Ordinal);

    /// <summary>The type as shown in docs and messages.</summary>
    public string TypeName => Kind switch
    {
        ConfigValueKind.Integer => "integer",
        ConfigValueKind.Number => "number",
        ConfigValueKind.Boolean => "bool",
        ConfigValueKind.Choice => "choice",
        ConfigValueKind.TextList => "list",
        ConfigValueKind.IntegerList => "integer list",
        ConfigValueKind.Text => "text",
        _ => Kind.ToString(),
    };

    /// <summary>The allowed values in words ("> 0", "[0, 1]", "a | b"), or empty when anything of the type goes.</summary>
    public string AllowedText
    {
        get
        {
            if (Kind == ConfigValueKind.Choice) return string.Join(" \\| ", Choices);
            if (Min is double lo && Max is double hi) return $"{(MinExclusive ? "(" : "[")}{Num(lo)}, {Num(hi)}]";
            if (Min is double m) return (MinExclusive ? "> " : ">= ") + Num(m);
            if (Max is double x) return "<= " + Num(x);
            return "";
        }
    }

    /// <summary>Parses a scalar text (YAML scalar or --set value) into this key's typed value, then validates it.</summary>
    /// <param name="text">The value as written.</param>
    /// <param name="where">Prefix for messages, e.g. "run.yaml:3: key 'episodes'".</param>
    public object Parse(string text, string where)
    {
        string t = text.Trim();
        object value;
        switch (Kind)
        {
            case ConfigValueKind.Integer:
                // Accept "1e3"-style and "1000.0" integers too, as long as they are whole.
                if (long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l)) value = l;
                else if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d == Math.Floor(d) && Math.Abs(d) < 9e15) value = (long)d;
                else throw new ConfigException($"{where}: expected a whole number, got '{text}'");
                break;
            case ConfigValueKind.Number:
                if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double n) || !double.IsFinite(n))
                    throw new ConfigException($"{where}: expected a number, got '{text}'");
                value = n;
                break;
            case ConfigValueKind.Boolean:
                value = t.ToLowerInvariant() switch
                {
                    "true" or "yes" or "on" or "1" => true,
                    "false" or "no" or "off" or "0" => false,
                    _ => throw new ConfigException($"{where}: expected true or false, got '{text}'"),
                };
                break;
            case ConfigValueKind.Choice or ConfigValueKind.Text:
                value = t;
                break;
            case ConfigValueKind.TextList:
                value = SplitList(t);
                break;
            case ConfigValueKind.IntegerList:
                value = ParseIntegers(SplitList(t), text, where);
                break;
            default:
                throw new InvalidOperationException($"unhandled kind {Kind}");
        }
        Validate(value, where);
        return value;
    }

    /// <summary>Parses a YAML sequence (TextList keys only) and validates it.</summary>
    public object ParseList(IReadOnlyList<string> items, string where)
    {
        object value = Kind switch
        {
            ConfigValueKind.TextList => items.Select(s => s.Trim()).ToArray(),
            ConfigValueKind.IntegerList => ParseIntegers(items.Select(s => s.Trim()).ToArray(), string.Join(",", items), where),
            _ => throw new ConfigException($"{where}: expected a single {TypeName} value, got a list"),
        };
        Validate(value, where);
        return value;
    }

    /// <summary>Throws <see cref="ConfigException"/> when <paramref name="value"/> is outside the allowed range or choices.</summary>
    public void Validate(object value, string where)
    {
        switch (Kind)
        {
            case ConfigValueKind.Integer:
                CheckRange((long)value, where);
                break;
            case ConfigValueKind.Number:
                CheckRange((double)value, where);
                break;
            case ConfigValueKind.Choice:
                if (!Choices.Contains((string)value, StringComparer.Ordinal))
                {
                    string hint = Suggest.Nearest((string)value, Choices) is string s ? $" (did you mean '{s}'?)" : "";
                    throw new ConfigException($"{where}: unknown value '{value}'{hint}; valid: {string.Join(", ", Choices)}");
                }
                break;
            case ConfigValueKind.TextList:
                if (((string[])value).Length == 0) throw new ConfigException($"{where}: the list must not be empty");
                break;
            case ConfigValueKind.IntegerList:
                if (((long[])value).Length == 0) throw new ConfigException($"{where}: the list must not be empty");
                foreach (long item in (long[])value) CheckRange(item, where);
                break;
        }
    }

    /// <summary>The value as YAML text (strings double-quoted, lists in flow style).</summary>
    public string FormatScalar(object value) => value switch
    {
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => Num(d),
        bool b => b ? "true" : "false",
        string s => Quote(s),
        string[] list => "[" + string.Join(", ", list.Select(Quote)) + "]",
        long[] numbers => "[" + string.Join(", ", numbers.Select(n => n.ToString(CultureInfo.InvariantCulture))) + "]",
        _ => throw new InvalidOperationException($"unexpected value type {value.GetType()}"),
    };

    /// <summary>A YAML double-quoted string.</summary>
    internal static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    internal static string Num(double d) => d.ToString("R", CultureInfo.InvariantCulture);

    private static string[] SplitList(string t) =>
        t.TrimStart('[').TrimEnd(']').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static long[] ParseIntegers(string[] items, string text, string where)
    {
        var result = new long[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            if (!long.TryParse(items[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result[i]))
                throw new ConfigException($"{where}: expected a list of whole numbers, got '{text}'");
        }
        return result;
    }

    private void CheckRange(double v, string where)
    {
        bool tooLow = Min is double lo && (MinExclusive ? v <= lo : v < lo);
        bool tooHigh = Max is double hi && v > hi;
        if (tooLow || tooHigh) throw new ConfigException($"{where}: {Num(v)} is out of range (allowed: {AllowedText.Replace("\\|", "|", StringComparison.Ordinal)})");
    }
}
