using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Distral.Experiments;

/// <summary>
/// The paper's hyperparameter protocol: train every grid point with every seed, score each point by the area under
/// its learning curve (sum of returns over tasks and training episodes) averaged over seeds, and pick the best.
/// Writes sweep.json, sweep.csv, the combined report and sweep-final-returns.svg (final returns of all runs sorted
/// within each algorithm, paper Fig. 4 A2) into the output directory.
/// </summary>
public static class SweepRunner
{
    /// <summary>File names written into the output directory.</summary>
    public const string JsonFileName = "sweep.json", CsvFileName = "sweep.csv", RankChartFileName = "sweep-final-returns.svg";

    /// <summary>Runs <paramref name="request"/>; user errors are raised before any training.</summary>
    public static SweepResult Run(SweepRequest request)
    {
        var points = SweepGrid.Points(request.Axes);
        var entries = points.Select(p => new CompareEntry(p.Name, p.Apply(request.BaseConfig), $"{request.Source} with {p.Description}")).ToList();
        var runs = CompareRunner.TrainAll(new CompareRequest
        {
            Entries = entries,
            Seeds = request.Seeds,
            OutputDirectory = request.OutputDirectory,
            Jobs = request.Jobs,
            Progress = request.Progress,
            ObserverFor = request.ObserverFor,
            AgentFactory = request.AgentFactory,
            WriteReport = false,
        });
        var results = points.Select(p => Score(p, [.. runs.Where(r => r.Name == p.Name)])).ToList();
        var best = Best(results);

        string dir = request.OutputDirectory;
        string json = Path.Combine(dir, JsonFileName), csv = Path.Combine(dir, CsvFileName), rank = Path.Combine(dir, RankChartFileName);
        File.WriteAllText(json, ToJson(request, results, best) + "\n");
        File.WriteAllText(csv, ToCsv(request.Axes, results, best));
        var chart = SvgRankChart.Build("Final return of every grid point and seed, sorted (paper Fig. 4 A2)", "mean return of the last episodes",
            runs.Select(r => (r.Summary.Algorithm, CompareRunner.RunName(r.Name, r.Seed), r.FinalReturn)));
        File.WriteAllText(rank, chart.ToSvg());
        string? report = null;
        if (request.WriteReport)
        {
            report = Path.Combine(dir, HtmlReport.FileName);
            HtmlReport.Write([.. runs.Select(r => r.Directory)], report, new HtmlReportOptions
            {
                Title = $"Distral.NET sweep over {string.Join(", ", request.Axes.Select(a => a.Key))}: best {best.Point.Description}",
            });
        }
        return new SweepResult(results, best, json, csv, report, rank);
    }

    /// <summary>The point with the largest mean AUC; the first in grid order on ties; points without a finite AUC never win.</summary>
    public static SweepPointResult Best(IReadOnlyList<SweepPointResult> points)
    {
        SweepPointResult? best = null;
        foreach (var p in points)
            if (double.IsFinite(p.Auc) && (best is null || p.Auc > best.Auc)) best = p;
        return best ?? points[0];
    }

    private static SweepPointResult Score(SweepPoint point, IReadOnlyList<CompareRun> runs)
    {
        var (auc, sd) = CompareRunner.MeanAndSd(runs.Select(r => r.Auc));
        var (final, _) = CompareRunner.MeanAndSd(runs.Select(r => r.FinalReturn));
        return new SweepPointResult(point, runs, auc, sd, final);
    }

    private static string ToJson(SweepRequest request, IReadOnlyList<SweepPointResult> results, SweepPointResult best)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("algorithm", request.BaseConfig.Algorithm);
            w.WriteString("metric", "auc");
            w.WriteString("metric_doc", "area under the learning curve: sum of the returns of every task's training episodes, mean over seeds (higher is better)");
            w.WriteStartArray("seeds");
            foreach (ulong s in request.Seeds) w.WriteNumberValue(s);
            w.WriteEndArray();
            w.WriteStartObject("grid");
            foreach (var axis in request.Axes)
            {
                w.WriteStartArray(axis.Key);
                foreach (string t in axis.Texts) w.WriteStringValue(t);
                w.WriteEndArray();
            }
            w.WriteEndObject();
            w.WriteString("best", best.Point.Name);
            w.WriteStartObject("best_settings");
            foreach (var (key, text, _) in best.Point.Settings) w.WriteString(key, text);
            w.WriteEndObject();
            w.WriteStartArray("points");
            foreach (var p in results)
            {
                w.WriteStartObject();
                w.WriteString("name", p.Point.Name);
                w.WriteStartObject("settings");
                foreach (var (key, text, _) in p.Point.Settings) w.WriteString(key, text);
                w.WriteEndObject();
                JsonNumbers.Write(w, "auc", p.Auc);
                JsonNumbers.Write(w, "auc_sd", p.AucSd);
                JsonNumbers.Write(w, "mean_return_last50", p.FinalReturn);
                w.WriteNumber("rank", Rank(results, p));
                w.WriteStartArray("runs");
                foreach (var r in p.Runs) CompareRunner.WriteRun(w, r, request.OutputDirectory);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    // One row per grid point: its settings, the AUC over seeds and its rank (1 = best).
    private static string ToCsv(IReadOnlyList<SweepAxis> axes, IReadOnlyList<SweepPointResult> results, SweepPointResult best)
    {
        var sb = new StringBuilder();
        sb.Append("point,").AppendJoin(',', axes.Select(a => Csv(a.Key))).Append(",seeds,auc_mean,auc_sd,mean_return_last50,rank,best\n");
        foreach (var p in results)
        {
            sb.Append(p.Point.Name).Append(',').AppendJoin(',', p.Point.Settings.Select(s => Csv(s.Text))).Append(',')
                .Append(p.Runs.Count).Append(',').Append(F(p.Auc)).Append(',').Append(F(p.AucSd)).Append(',').Append(F(p.FinalReturn)).Append(',')
                .Append(Rank(results, p)).Append(',').Append(ReferenceEquals(p, best) ? "true" : "false").Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>1 + the number of points strictly better (a larger finite AUC, or an earlier point with an equal one).</summary>
    private static int Rank(IReadOnlyList<SweepPointResult> results, SweepPointResult p) =>
        1 + results.Count(o => double.IsFinite(o.Auc) && (!double.IsFinite(p.Auc) || o.Auc > p.Auc || (o.Auc == p.Auc && o.Point.Index < p.Point.Index)));

    private static string F(double v) => double.IsFinite(v) ? Math.Round(v, 6).ToString("R", CultureInfo.InvariantCulture) : "";

    private static string Csv(string field) =>
        field.AsSpan().IndexOfAny(",\"\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
