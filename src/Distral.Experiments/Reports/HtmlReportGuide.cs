using System.Globalization;
using System.Text;

namespace Distral.Experiments;

/// <summary>
/// The explanatory parts of the HTML report: what Distral and "distilled" mean, what each configuration is, and a
/// one-line comparison, so a reader who has not seen the paper can read the charts.
/// </summary>
internal static class HtmlReportGuide
{
    /// <summary>What the guide needs to know of one configuration.</summary>
    /// <param name="Label">The configuration's label in the report.</param>
    /// <param name="Color">Its colour in every chart and table.</param>
    /// <param name="Algorithm">The config's algorithm name.</param>
    /// <param name="Differences">Config keys that tell it from other configurations of its algorithm, when not in the label.</param>
    /// <param name="FinalReturn">Mean over its runs of the final return (last 50 episodes, averaged over tasks).</param>
    /// <param name="Auc">Mean over its runs of the sum of all training returns of all tasks.</param>
    internal sealed record GroupFacts(string Label, string Color, string Algorithm, string? Differences, double FinalReturn, double Auc);

    /// <summary>"1 run", "3 runs".</summary>
    public static string Count(int n, string noun) => n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? noun : noun + "s");

    /// <summary>The "how to read this report" box below the table of contents.</summary>
    public static void WriteAbout(StringBuilder h, IReadOnlyList<GroupFacts> groups)
    {
        h.Append("<div class=\"about\">\n<p><b>How to read this report.</b> Distral (Teh et al., 2017) learns several tasks at once. It trains one policy per task ")
            .Append("and one shared <b>distilled policy pi_0</b>. Each task policy maximises its task's return minus a penalty (a KL divergence) for straying from pi_0, ")
            .Append("and pi_0 is trained by distillation, that is by imitating the task policies, so it becomes the behaviour they have in common. ")
            .Append("What one task learns reaches the others through pi_0. In this report, \"distilled\" always means pi_0. ")
            .Append("Each configuration below is one algorithm with its settings; its colour is the same in every chart and table.</p>\n<ul>\n");
        foreach (var g in groups)
        {
            string? description = AlgorithmCatalog.Names.Contains(g.Algorithm) ? AlgorithmCatalog.Get(g.Algorithm).Description : null;
            h.Append("<li><span style=\"color:").Append(SvgCanvas.Escape(g.Color)).Append("\">&#9632;</span> <b>").Append(SvgCanvas.Escape(g.Label)).Append("</b>")
                .Append(g.Differences is null ? "" : " (" + SvgCanvas.Escape(g.Differences) + ")")
                .Append(description is null ? "" : ": " + SvgCanvas.Escape(description)).Append("</li>\n");
        }
        h.Append("</ul>\n");
        string? glance = AtAGlance(groups);
        if (glance is not null) h.Append("<p><b>At a glance:</b> ").Append(SvgCanvas.Escape(glance)).Append("</p>\n");
        h.Append("</div>\n");
    }

    /// <summary>Which configuration ended best and which learned fastest; null with fewer than two configurations.</summary>
    internal static string? AtAGlance(IReadOnlyList<GroupFacts> groups)
    {
        var final = groups.Where(g => double.IsFinite(g.FinalReturn)).OrderByDescending(g => g.FinalReturn).ToList();
        var auc = groups.Where(g => double.IsFinite(g.Auc)).OrderByDescending(g => g.Auc).ToList();
        if (final.Count < 2 || auc.Count < 2) return null;
        string others = string.Join(", ", final.Skip(1).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.FinalReturn:0.##} for {g.Label}")));
        string text = string.Create(CultureInfo.InvariantCulture, $"the highest final return is {final[0].Label}'s ({final[0].FinalReturn:0.##}, against {others}); ");
        return text + (auc[0] == final[0]
            ? "it also has the largest area under the curve, so it learned fastest too."
            : $"the largest area under the curve (fastest learning) is {auc[0].Label}'s.");
    }
}
