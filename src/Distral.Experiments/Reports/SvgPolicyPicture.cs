namespace Distral.Experiments;

/// <summary>One gridworld picture with policy arrows for the report.</summary>
/// <param name="Caption">What the picture shows ("pi_0 on plan5").</param>
/// <param name="Svg">The SVG document (from <see cref="Distral.Envs.GridRenderer.Svg"/>).</param>
public sealed record SvgPolicyPicture(string Caption, string Svg);
