namespace Distral.Experiments;

/// <summary>One GEMM shape's best time and throughput (<see cref="KernelBenchmark"/>).</summary>
public readonly record struct GemmFigure(int M, int N, int K, double Microseconds, double Gflops, double ShareOfPeak);
