using System.Globalization;
using System.Text;

namespace Distral.Envs;

/// <summary>Pictures of a <see cref="GridMap"/>: ASCII text and SVG (optionally with a policy overlay).</summary>
public static class GridRenderer
{
    /// <summary>
    /// One line per row: <c>#</c> wall, <c>.</c> floor, <c>S</c> start, <c>G</c> goal, <c>A</c> agent
    /// (drawn over S; over G it shows <c>*</c>). No trailing newline.
    /// </summary>
    public static string Ascii(GridMap map, GridPoint? agent = null)
    {
        var sb = new StringBuilder((map.Cols + 1) * map.Rows);
        for (int r = 0; r < map.Rows; r++)
        {
            if (r > 0) sb.Append('\n');
            for (int c = 0; c < map.Cols; c++)
            {
                var p = new GridPoint(r, c);
                sb.Append(p == agent ? (p == map.Goal ? '*' : 'A')
                    : p == map.Goal ? 'G'
                    : p == map.Start ? 'S'
                    : map.IsWall(p) ? '#' : '.');
            }
        }
        return sb.ToString();
    }

    /// <summary>
    /// An SVG image: walls dark, floor light, start blue, goal green, agent as a red circle. With a
    /// <paramref name="policy"/> of rows*cols*4 probabilities (cell-major: policy[4*cell + action], actions
    /// up/down/left/right), every free non-goal cell gets four arrows whose length is proportional to the
    /// probability.
    /// </summary>
    public static string Svg(GridMap map, GridPoint? agent = null, ReadOnlySpan<float> policy = default, int cellSize = 32)
    {
        if (!policy.IsEmpty && policy.Length != map.Rows * map.Cols * GridWorld.ActionCount)
            throw new ArgumentException($"The policy needs rows*cols*4 = {map.Rows * map.Cols * 4} entries.");
        var svg = new SvgBuilder(map.Cols * cellSize, map.Rows * cellSize);
        for (int r = 0; r < map.Rows; r++)
        {
            for (int c = 0; c < map.Cols; c++)
            {
                var p = new GridPoint(r, c);
                string fill = map.IsWall(p) ? "#333333" : p == map.Goal ? "#4caf50" : p == map.Start ? "#90caf9" : "#f5f5f5";
                svg.Rect(c * cellSize, r * cellSize, cellSize, cellSize, fill, "#bbbbbb");
            }
        }
        if (!policy.IsEmpty)
        {
            float half = cellSize / 2f;
            for (int cell = 0; cell < map.Rows * map.Cols; cell++)
            {
                var p = map.CellAt(cell);
                if (!map.IsFree(p) || p == map.Goal) continue;
                float cx = p.Col * cellSize + half, cy = p.Row * cellSize + half;
                for (int a = 0; a < GridWorld.ActionCount; a++)
                {
                    float prob = Math.Clamp(policy[4 * cell + a], 0f, 1f);
                    if (prob < 0.01f) continue;
                    float len = prob * (half - 2);
                    var (dx, dy) = a switch { GridWorld.Up => (0f, -1f), GridWorld.Down => (0f, 1f), GridWorld.Left => (-1f, 0f), _ => (1f, 0f) };
                    svg.Arrow(cx, cy, cx + dx * len, cy + dy * len, "#d32f2f", Math.Max(1f, cellSize / 16f));
                }
            }
        }
        if (agent is GridPoint ag)
            svg.Circle(ag.Col * cellSize + cellSize / 2f, ag.Row * cellSize + cellSize / 2f, cellSize * 0.3f, "#e53935");
        return svg.ToString();
    }
}

/// <summary>A tiny SVG writer (invariant-culture numbers, no dependencies).</summary>
internal sealed class SvgBuilder
{
    private readonly StringBuilder _sb = new();
    private bool _hasArrowMarker;

    public SvgBuilder(int width, int height)
    {
        _sb.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">\n");
    }

    public void Rect(float x, float y, float w, float h, string fill, string stroke) =>
        _sb.Append(CultureInfo.InvariantCulture,
            $"  <rect x=\"{x:0.##}\" y=\"{y:0.##}\" width=\"{w:0.##}\" height=\"{h:0.##}\" fill=\"{fill}\" stroke=\"{stroke}\"/>\n");

    public void Circle(float cx, float cy, float r, string fill) =>
        _sb.Append(CultureInfo.InvariantCulture, $"  <circle cx=\"{cx:0.##}\" cy=\"{cy:0.##}\" r=\"{r:0.##}\" fill=\"{fill}\"/>\n");

    public void Arrow(float x1, float y1, float x2, float y2, string stroke, float width)
    {
        if (!_hasArrowMarker)
        {
            _sb.Append("  <defs><marker id=\"head\" markerWidth=\"4\" markerHeight=\"4\" refX=\"2\" refY=\"2\" orient=\"auto\">"
                + "<path d=\"M0,0 L4,2 L0,4 z\" fill=\"context-stroke\"/></marker></defs>\n");
            _hasArrowMarker = true;
        }
        _sb.Append(CultureInfo.InvariantCulture,
            $"  <line x1=\"{x1:0.##}\" y1=\"{y1:0.##}\" x2=\"{x2:0.##}\" y2=\"{y2:0.##}\" stroke=\"{stroke}\" stroke-width=\"{width:0.##}\" marker-end=\"url(#head)\"/>\n");
    }

    public override string ToString() => _sb + "</svg>\n";
}
