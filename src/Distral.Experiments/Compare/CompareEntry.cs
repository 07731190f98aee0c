namespace Distral.Experiments;

/// <summary>One configuration of a comparison (or one grid point of a sweep), trained once per seed.</summary>
/// <param name="Name">Short name used for run directories (&lt;name&gt;-&lt;seed&gt;) and tables.</param>
/// <param name="Config">The resolved configuration (its seed is replaced per run).</param>
/// <param name="Source">Where it came from, for messages (a file path).</param>
public sealed record CompareEntry(string Name, RunConfig Config, string Source);
