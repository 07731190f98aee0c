using System.Text.Json;

namespace Distral.Experiments;

/// <summary>Kernel figures of <c>distral bench</c> (<see cref="KernelBenchmark"/>): FP32 peak, SGEMM at the project's shapes, the MLP step.</summary>
public readonly record struct KernelFigures(
    double PeakGflops, IReadOnlyList<GemmFigure> Gemm, double MlpMicroseconds, double MlpGflops, double MlpShareOfPeak, long MlpAllocatedBytesPerStep)
{
    /// <summary>The figures as the object <paramref name="name"/> of <c>distral bench --json</c>.</summary>
    internal void WriteJson(Utf8JsonWriter w, string name)
    {
        w.WriteStartObject(name);
        w.WriteNumber("peak_gflops", BenchmarkJson.Round(PeakGflops, 2));
        w.WriteStartArray("gemm");
        foreach (var g in Gemm)
        {
            w.WriteStartObject();
            w.WriteNumber("m", g.M);
            w.WriteNumber("n", g.N);
            w.WriteNumber("k", g.K);
            w.WriteNumber("microseconds", BenchmarkJson.Round(g.Microseconds, 3));
            w.WriteNumber("gflops", BenchmarkJson.Round(g.Gflops, 2));
            w.WriteNumber("share_of_peak", BenchmarkJson.Round(g.ShareOfPeak, 4));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("mlp");
        w.WriteString("network", KernelBenchmark.MlpDescription);
        w.WriteNumber("microseconds_per_batch", BenchmarkJson.Round(MlpMicroseconds, 3));
        w.WriteNumber("gflops", BenchmarkJson.Round(MlpGflops, 2));
        w.WriteNumber("share_of_peak", BenchmarkJson.Round(MlpShareOfPeak, 4));
        w.WriteNumber("allocated_bytes_per_batch", MlpAllocatedBytesPerStep);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
