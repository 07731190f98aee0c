using System.Text;
using System.Text.Json;

namespace Distral.Experiments;

/// <summary>The JSON conventions of the benchmark reports: indented, figures rounded half away from zero.</summary>
internal static class BenchmarkJson
{
    public static double Round(double value, int digits) => Math.Round(value, digits, MidpointRounding.AwayFromZero);

    /// <summary>The text <paramref name="write"/> produces on an indented writer.</summary>
    public static string Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            write(w);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>An array of numbers, or null when <paramref name="values"/> is null.</summary>
    public static void WriteNumbersOrNull(Utf8JsonWriter w, string name, IReadOnlyList<double>? values)
    {
        if (values is null)
        {
            w.WriteNull(name);
            return;
        }
        w.WriteStartArray(name);
        foreach (double v in values) w.WriteNumberValue(v);
        w.WriteEndArray();
    }
}
