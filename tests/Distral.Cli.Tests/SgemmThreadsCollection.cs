namespace Distral.Cli.Tests;

/// <summary>
/// The bench tests set the process-wide SGEMM thread count (Sgemm.MaxThreads) for their run; tests of this collection
/// run one at a time, so no bench sees another's setting (a GEMM on pool threads would then count allocations and
/// work that are not its own).
/// </summary>
[CollectionDefinition(Name)]
public sealed class SgemmThreadsCollection
{
    public const string Name = "process-wide SGEMM threads";
}
