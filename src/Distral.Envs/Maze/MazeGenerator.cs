using Distral.Tensors;

namespace Distral.Envs;

/// <summary>
/// Seeded maze generation: a perfect maze by randomised depth-first search (recursive backtracker) on a
/// grid of cells, then a fraction of the remaining inner walls knocked out to create loops (as in
/// DeepMind Lab's mazes, which have several routes). Same generator state => same maze.
/// </summary>
public static class MazeGenerator
{
    /// <summary>Generates a maze of <paramref name="cellRows"/> x <paramref name="cellCols"/> cells, i.e. (2r+1) x (2c+1) tiles.</summary>
    /// <param name="rng">Source of randomness; the maze depends only on its state.</param>
    /// <param name="cellRows">Number of cell rows (at least 1).</param>
    /// <param name="cellCols">Number of cell columns (at least 1).</param>
    /// <param name="loopFraction">Probability of opening each inner wall left by the perfect maze, in [0, 1].</param>
    public static MazeLayout Generate(Rng rng, int cellRows, int cellCols, float loopFraction = 0f)
    {
        int rows = 2 * cellRows + 1, cols = 2 * cellCols + 1;
        var walls = new bool[rows * cols];
        GenerateInto(rng, cellRows, cellCols, loopFraction, walls, new int[cellRows * cellCols]);
        return new MazeLayout(rows, cols, walls);
    }

    /// <summary>Allocation-free core: writes wall flags into <paramref name="walls"/> ((2r+1)*(2c+1)), using <paramref name="stack"/> (r*c).</summary>
    internal static void GenerateInto(Rng rng, int cellRows, int cellCols, float loopFraction, Span<bool> walls, Span<int> stack)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (cellRows < 1 || cellCols < 1) throw new ArgumentOutOfRangeException(nameof(cellRows), "A maze needs at least one cell.");
        if (!(loopFraction >= 0 && loopFraction <= 1)) throw new ArgumentOutOfRangeException(nameof(loopFraction));
        int cols = 2 * cellCols + 1, rows = 2 * cellRows + 1;
        walls[..(rows * cols)].Fill(true);

        Span<int> candidates = stackalloc int[4];
        int first = rng.NextInt(cellRows * cellCols);
        int depth = 0;
        stack[depth++] = first;
        walls[TileOf(first, cellCols, cols)] = false;
        while (depth > 0)
        {
            int cell = stack[depth - 1];
            int cr = cell / cellCols, cc = cell % cellCols;
            int count = 0;
            // Unvisited neighbours: a cell is visited exactly when its tile is open.
            if (cr > 0 && walls[TileOf(cell - cellCols, cellCols, cols)]) candidates[count++] = cell - cellCols;
            if (cr < cellRows - 1 && walls[TileOf(cell + cellCols, cellCols, cols)]) candidates[count++] = cell + cellCols;
            if (cc > 0 && walls[TileOf(cell - 1, cellCols, cols)]) candidates[count++] = cell - 1;
            if (cc < cellCols - 1 && walls[TileOf(cell + 1, cellCols, cols)]) candidates[count++] = cell + 1;
            if (count == 0)
            {
                depth--;
                continue;
            }
            int chosen = candidates[rng.NextInt(count)];
            int a = TileOf(cell, cellCols, cols), b = TileOf(chosen, cellCols, cols);
            walls[(a + b) / 2] = false; // the wall tile between two cells is their midpoint
            walls[b] = false;
            stack[depth++] = chosen;
        }

        if (loopFraction <= 0) return;
        for (int r = 1; r < rows - 1; r++)
        {
            for (int c = 1; c < cols - 1; c++)
            {
                bool between = (r % 2 == 1) != (c % 2 == 1);
                if (between && walls[r * cols + c] && rng.NextFloat() < loopFraction) walls[r * cols + c] = false;
            }
        }
    }

    private static int TileOf(int cell, int cellCols, int cols) => (2 * (cell / cellCols) + 1) * cols + 2 * (cell % cellCols) + 1;
}
