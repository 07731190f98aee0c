namespace Distral.Experiments;

/// <summary>
/// CleanRL-style TensorBoard tag names: <c>charts/episodic_return/&lt;task&gt;</c>,
/// <c>charts/episodic_length/&lt;task&gt;</c>, <c>charts/SPS</c>, and the agent's scalars under <c>losses/</c>
/// (loss tags) or <c>charts/</c> (everything else, e.g. epsilon).
/// </summary>
public static class TensorBoardTags
{
    /// <summary>Environment steps per second of training.</summary>
    public const string StepsPerSecond = "charts/SPS";

    /// <summary>The episode-return tag of a task.</summary>
    public static string EpisodicReturn(string task) => "charts/episodic_return/" + task;

    /// <summary>The episode-length tag of a task.</summary>
    public static string EpisodicLength(string task) => "charts/episodic_length/" + task;

    /// <summary>
    /// Maps an agent scalar tag (<see cref="Distral.Agents.ITrainingObserver.OnScalar"/>) to its TensorBoard tag:
    /// a tag with a <c>loss</c> segment goes under <c>losses/</c> without that segment ("softq/loss/task0" ->
    /// "losses/softq/task0", "distill/loss" -> "losses/distill"); tags already under charts/ or losses/ are kept;
    /// anything else goes under <c>charts/</c> ("epsilon/task0" -> "charts/epsilon/task0").
    /// </summary>
    public static string ForAgentScalar(string tag)
    {
        if (tag.StartsWith("charts/", StringComparison.Ordinal) || tag.StartsWith("losses/", StringComparison.Ordinal)) return tag;
        var segments = tag.Split('/');
        var rest = segments.Where(s => s != "loss" && s != "losses").ToArray();
        if (rest.Length == segments.Length) return "charts/" + tag;
        return rest.Length == 0 ? "losses/loss" : "losses/" + string.Join('/', rest);
    }
}
