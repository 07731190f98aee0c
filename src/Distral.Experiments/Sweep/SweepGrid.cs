namespace Distral.Experiments;

/// <summary>
/// The grid of a sweep: <c>--grid key=v1,v2,v3</c> per hyperparameter (values of list-valued keys such as
/// <c>hidden</c> or <c>tasks</c> are separated by ';' instead: <c>hidden=32,32;64,64</c>), and all combinations.
/// </summary>
public static class SweepGrid
{
    /// <summary>Keys a grid may not vary: the seed has --seeds.</summary>
    private static readonly string[] Refused = ["seed"];

    /// <summary>Parses one <c>key=v1,v2,...</c>; every value is validated as the key's type and range (<see cref="ConfigException"/>).</summary>
    public static SweepAxis Parse(string spec)
    {
        string where = "--grid " + spec;
        int eq = spec.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0 || eq == spec.Length - 1) throw new ConfigException($"{where}: expected key=v1,v2,... (e.g. beta=1,5,20)");
        string name = spec[..eq].Trim();
        var key = ConfigKeys.Get(name, where);
        if (Refused.Contains(name)) throw new ConfigException($"{where}: the seed is not a hyperparameter; use --seeds 1..N");
        bool listValued = key.Kind is ConfigValueKind.TextList or ConfigValueKind.IntegerList;
        var texts = spec[(eq + 1)..].Split(listValued ? ';' : ',').Select(t => t.Trim()).ToList();
        if (texts.Any(t => t.Length == 0)) throw new ConfigException($"{where}: empty value (values are separated by '{(listValued ? ';' : ',')}')");
        var duplicate = texts.GroupBy(t => t, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ConfigException($"{where}: value '{duplicate.Key}' is listed twice");
        var values = texts.Select(t => key.Parse(t, $"{where}: key '{name}'")).ToList();
        return new SweepAxis(name, values, texts);
    }

    /// <summary>Every combination of the axes' values, the last axis varying fastest. Repeated keys are refused.</summary>
    public static IReadOnlyList<SweepPoint> Points(IReadOnlyList<SweepAxis> axes)
    {
        if (axes.Count == 0) throw new ConfigException("sweep: no --grid key=v1,v2,... given");
        var repeated = axes.GroupBy(a => a.Key, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null) throw new ConfigException($"--grid {repeated.Key}: the key is given twice (list all its values in one --grid)");
        var points = new List<SweepPoint>();
        var choice = new int[axes.Count];
        while (true)
        {
            points.Add(new SweepPoint(points.Count, [.. axes.Select((a, i) => (a.Key, a.Texts[choice[i]], a.Values[choice[i]]))]));
            int k = axes.Count - 1;
            while (k >= 0 && ++choice[k] == axes[k].Values.Count) choice[k--] = 0;
            if (k < 0) return points;
        }
    }
}
