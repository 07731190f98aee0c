using System.Globalization;

namespace Distral.Experiments;

/// <summary>
/// A chart axis with "nice" ticks (steps of 1, 2, 2.5 or 5 times a power of ten) covering a data range; the
/// axis bounds are the outermost ticks so every data value lies on the axis.
/// </summary>
/// <param name="Min">Lower bound (the first tick).</param>
/// <param name="Max">Upper bound (the last tick).</param>
/// <param name="Step">Distance between ticks.</param>
public sealed record ChartAxis(double Min, double Max, double Step)
{
    /// <summary>The tick values from <see cref="Min"/> to <see cref="Max"/>.</summary>
    public IReadOnlyList<double> Ticks
    {
        get
        {
            int count = (int)Math.Round((Max - Min) / Step) + 1;
            var ticks = new double[count];
            // Multiply instead of accumulating so 0.1-steps do not drift (0.30000000000000004).
            for (int i = 0; i < count; i++) ticks[i] = Math.Round(Min + i * Step, Decimals + 2);
            return ticks;
        }
    }

    /// <summary>Decimals needed to tell ticks apart (0 for steps of 1 or more, 2 for 0.25, ...).</summary>
    public int Decimals
    {
        get
        {
            int decimals = 0;
            while (decimals < 10 && Math.Abs(Step * Math.Pow(10, decimals) - Math.Round(Step * Math.Pow(10, decimals))) > 1e-9 * Math.Pow(10, decimals)) decimals++;
            return decimals;
        }
    }

    /// <summary>A tick label with <see cref="Decimals"/> decimals (never "-0").</summary>
    public string Format(double value)
    {
        string text = value.ToString("F" + Decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return text.TrimStart('-').Trim('0', '.').Length == 0 ? text.TrimStart('-') : text;
    }

    /// <summary>
    /// Nice ticks for data in [<paramref name="min"/>, <paramref name="max"/>] with about <paramref name="targetTicks"/>
    /// ticks. A degenerate range (min = max) is widened around the value; non-finite input gives [0, 1].
    /// </summary>
    public static ChartAxis Nice(double min, double max, int targetTicks = 5)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max)) (min, max) = (0, 1);
        if (min > max) (min, max) = (max, min);
        if (max - min < 1e-12 * Math.Max(1, Math.Abs(max)))
        {
            double pad = Math.Abs(min) > 1e-12 ? Math.Abs(min) * 0.1 : 1;
            (min, max) = (min - pad, max + pad);
        }
        double raw = (max - min) / Math.Max(1, targetTicks - 1);
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double residual = raw / magnitude;
        double step = (residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 2.5 ? 2.5 : residual <= 5 ? 5 : 10) * magnitude;
        double lo = Math.Floor(min / step + 1e-9) * step;
        double hi = Math.Ceiling(max / step - 1e-9) * step;
        return new ChartAxis(lo, hi, step);
    }
}
