using BenchmarkDotNet.Running;

namespace Distral.Benchmarks;

/// <summary>
/// BenchmarkDotNet suites: dotnet run -c Release --project benchmarks/Distral.Benchmarks -- --filter '*'.
/// The argument "quick" prints GEMM GFLOP/s, the MLP step time and allocation, and the core's FP32 peak in seconds.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "quick") QuickBench.Run(Console.Out);
        else BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
