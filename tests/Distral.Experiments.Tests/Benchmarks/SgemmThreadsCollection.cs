namespace Distral.Experiments.Tests;

/// <summary>
/// The benchmark tests set the process-wide SGEMM thread count (Sgemm.MaxThreads) while they run; tests of this
/// collection run one at a time, so no benchmark sees another's setting.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SgemmThreadsCollection
{
    public const string Name = "process-wide SGEMM threads";
}
