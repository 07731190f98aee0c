namespace Distral.Envs;

/// <summary>
/// A rectangular grid of walls and floor produced by <see cref="MazeGenerator"/>: cells sit at odd
/// (row, col) tiles, the tiles between them are walls or openings, and the border is wall.
/// </summary>
public sealed class MazeLayout
{
    private readonly bool[] _walls;

    internal MazeLayout(int rows, int cols, bool[] walls)
    {
        Rows = rows;
        Cols = cols;
        _walls = walls;
    }

    /// <summary>Number of tile rows (2 * cell rows + 1).</summary>
    public int Rows { get; }

    /// <summary>Number of tile columns (2 * cell columns + 1).</summary>
    public int Cols { get; }

    /// <summary>True for wall tiles; everything outside the grid counts as wall.</summary>
    public bool IsWall(int row, int col) =>
        row < 0 || col < 0 || row >= Rows || col >= Cols || _walls[row * Cols + col];

    /// <summary>The wall flags, row-major (length Rows * Cols).</summary>
    public ReadOnlySpan<bool> Walls => _walls;

    /// <summary>BFS step distances (4-connected) from a tile to every tile; -1 where unreachable or wall.</summary>
    public int[] Distances(int row, int col)
    {
        var distance = new int[Rows * Cols];
        var queue = new int[Rows * Cols];
        MazeBfs.Distances(_walls, Rows, Cols, row * Cols + col, distance, queue);
        return distance;
    }

    /// <summary>ASCII picture: '#' wall, '.' floor.</summary>
    public override string ToString()
    {
        var text = new System.Text.StringBuilder();
        for (int r = 0; r < Rows; r++)
        {
            for (int c = 0; c < Cols; c++) text.Append(_walls[r * Cols + c] ? '#' : '.');
            text.Append('\n');
        }
        return text.ToString();
    }
}
