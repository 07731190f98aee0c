namespace Distral.Envs;

/// <summary>
/// The shared mechanics of mazes and navigation maps: a tile grid, an agent with a position and heading,
/// movement under either action mode, and the partial egocentric RGB view. Allocation-free after construction.
/// </summary>
internal sealed class NavGrid
{
    // Heading 0 = north (up), 1 = east, 2 = south, 3 = west; forward steps as (row, col) deltas.
    private static ReadOnlySpan<int> ForwardRow => [-1, 0, 1, 0];
    private static ReadOnlySpan<int> ForwardCol => [0, 1, 0, -1];

    public NavGrid(int rows, int cols, int viewSize, MazeActionMode actionMode)
    {
        if (rows < 1 || cols < 1) throw new ArgumentOutOfRangeException(nameof(rows));
        if (viewSize < 1 || viewSize % 2 == 0) throw new ArgumentOutOfRangeException(nameof(viewSize), "The view size must be odd and positive.");
        Rows = rows;
        Cols = cols;
        ViewSize = viewSize;
        ActionMode = actionMode;
        Tiles = new MazeTile[rows * cols];
    }

    public int Rows { get; }
    public int Cols { get; }
    public int ViewSize { get; }
    public MazeActionMode ActionMode { get; }
    public MazeTile[] Tiles { get; }

    public int AgentRow { get; set; }
    public int AgentCol { get; set; }

    /// <summary>0 north, 1 east, 2 south, 3 west (always 0 in cardinal mode).</summary>
    public int Heading { get; set; }

    /// <summary>Blue channel of the agent's own pixel (e.g. fraction of items carried).</summary>
    public float AgentMarker { get; set; }

    public int NumActions => ActionMode == MazeActionMode.Egocentric ? 3 : 4;
    public int ObservationSize => 3 * ViewSize * ViewSize;
    public int AgentIndex => AgentRow * Cols + AgentCol;

    public MazeTile TileAt(int row, int col) =>
        row < 0 || col < 0 || row >= Rows || col >= Cols ? MazeTile.Wall : Tiles[row * Cols + col];

    public static bool Blocks(MazeTile tile) => tile is MazeTile.Wall or MazeTile.DoorClosed;

    /// <summary>Applies an action; returns true when the agent entered a new tile.</summary>
    public bool Apply(int action)
    {
        int direction;
        if (ActionMode == MazeActionMode.Egocentric)
        {
            switch (action)
            {
                case 0: direction = Heading; break;
                case 1: Heading = (Heading + 3) & 3; return false;
                case 2: Heading = (Heading + 1) & 3; return false;
                default: throw new ArgumentOutOfRangeException(nameof(action), $"Action {action} is not in Discrete(3).");
            }
        }
        else
        {
            if ((uint)action > 3) throw new ArgumentOutOfRangeException(nameof(action), $"Action {action} is not in Discrete(4).");
            direction = action;
        }
        int row = AgentRow + ForwardRow[direction], col = AgentCol + ForwardCol[direction];
        if (Blocks(TileAt(row, col))) return false;
        AgentRow = row;
        AgentCol = col;
        return true;
    }

    /// <summary>
    /// Writes the ViewSize x ViewSize RGB view centred on the agent as CHW floats in [0, 1]. In egocentric mode the
    /// view is rotated so the heading points up (row 0 of the view is furthest ahead).
    /// </summary>
    public void Render(Span<float> observation)
    {
        int v = ViewSize, half = v / 2, plane = v * v;
        int heading = ActionMode == MazeActionMode.Egocentric ? Heading : 0;
        int fr = ForwardRow[heading], fc = ForwardCol[heading];
        // Right of the heading is the forward vector turned clockwise.
        int rr = ForwardRow[(heading + 1) & 3], rc = ForwardCol[(heading + 1) & 3];
        for (int vr = 0; vr < v; vr++)
        {
            int ahead = half - vr;
            for (int vc = 0; vc < v; vc++)
            {
                int right = vc - half;
                int row = AgentRow + ahead * fr + right * rr, col = AgentCol + ahead * fc + right * rc;
                float red, green, blue;
                if (ahead == 0 && right == 0) (red, green, blue) = (1f, 0f, AgentMarker);
                else (red, green, blue) = ColorOf(TileAt(row, col));
                int pixel = vr * v + vc;
                observation[pixel] = red;
                observation[plane + pixel] = green;
                observation[2 * plane + pixel] = blue;
            }
        }
    }

    public static (float Red, float Green, float Blue) ColorOf(MazeTile tile) => tile switch
    {
        MazeTile.Floor => (0f, 0f, 0f),
        MazeTile.Wall => (0.5f, 0.5f, 0.5f),
        MazeTile.Goal => (0f, 1f, 0f),
        MazeTile.Item => (1f, 1f, 0f),
        MazeTile.StartPad => (0f, 0f, 1f),
        MazeTile.DoorOpen => (0.4f, 0.2f, 0f),
        MazeTile.DoorClosed => (1f, 0.5f, 0f),
        _ => (1f, 1f, 1f),
    };

    /// <summary>ASCII picture: '#' wall, '.' floor, 'G' goal, '*' item, 'S' start pad, 'd'/'D' open/closed door, agent as ^ &gt; v &lt;.</summary>
    public string ToAscii()
    {
        var text = new System.Text.StringBuilder(Rows * (Cols + 1));
        for (int r = 0; r < Rows; r++)
        {
            for (int c = 0; c < Cols; c++)
            {
                if (r == AgentRow && c == AgentCol) text.Append("^>v<"[ActionMode == MazeActionMode.Egocentric ? Heading : 0]);
                else text.Append(Tiles[r * Cols + c] switch
                {
                    MazeTile.Wall => '#',
                    MazeTile.Goal => 'G',
                    MazeTile.Item => '*',
                    MazeTile.StartPad => 'S',
                    MazeTile.DoorOpen => 'd',
                    MazeTile.DoorClosed => 'D',
                    _ => '.',
                });
            }
            text.Append('\n');
        }
        return text.ToString();
    }
}
