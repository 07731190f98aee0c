namespace Distral.Envs;

/// <summary>An env that can draw itself as text (used by <c>distral env show</c>).</summary>
public interface IAsciiRenderable
{
    /// <summary>The current state as lines of text (newline-separated, no trailing newline).</summary>
    string RenderAscii();
}
