using System.Globalization;

namespace Distral.Experiments;

/// <summary>
/// Conversions between option values and config values: enums as kebab-case choices, floats as the decimals a
/// person would write. Stateless, so the key tables of the algorithm families can use it while they are built.
/// </summary>
internal static class ConfigValues
{
    /// <summary>An enum value as a config choice: PascalCase -> kebab-case (EpsilonBoltzmann -> epsilon-boltzmann).</summary>
    public static string Kebab<T>(T value) where T : struct, Enum
    {
        string name = value.ToString();
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) sb.Append('-');
            sb.Append(char.ToLowerInvariant(name[i]));
        }
        return sb.ToString();
    }

    /// <summary>The enum value whose kebab-case name is <paramref name="choice"/> (already validated).</summary>
    public static T FromKebab<T>(string choice) where T : struct, Enum =>
        Enum.GetValues<T>().First(v => Kebab(v) == choice);

    /// <summary>Every value of the enum as a config choice, in declaration order.</summary>
    public static string[] Choices<T>() where T : struct, Enum => [.. Enum.GetValues<T>().Select(Kebab)];

    /// <summary>A float option as the double a person would write (0.999f -> 0.999, not 0.99900001287...).</summary>
    public static double Number(float f) => double.Parse(f.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>Integer widths as a config integer list.</summary>
    public static long[] Integers(IEnumerable<int> values) => [.. values.Select(v => (long)v)];
}
