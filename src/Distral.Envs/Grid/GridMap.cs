using System.Text;

namespace Distral.Envs;

/// <summary>
/// An immutable gridworld layout: walls, one goal, and a start cell (null = uniform random start).
/// Cells are indexed row-major, <c>cell = Cols * row + col</c>. Moving off the grid counts as bumping a wall,
/// so the outer ring need not be walls.
/// <para>Text formats (<see cref="Parse"/>): the thesis digit format, space-separated tokens
/// <c>0</c> empty, <c>1</c> wall, <c>3</c> goal, <c>4</c> start; or the char format, one char per cell,
/// <c>#</c> wall, <c>.</c> floor, <c>S</c> start, <c>G</c> goal. Blank lines before/after the grid and lines
/// starting with '//' are ignored.</para>
/// </summary>
public sealed class GridMap
{
    private readonly bool[] _walls;
    private readonly int[] _stateOfCell;
    private readonly int[] _cellOfState;

    public GridMap(int rows, int cols, bool[] walls, GridPoint? start, GridPoint goal)
    {
        if (rows <= 0 || cols <= 0) throw new ArgumentException("A grid needs at least one row and one column.");
        if (walls.Length != rows * cols) throw new ArgumentException("walls must have rows*cols entries.");
        Rows = rows;
        Cols = cols;
        _walls = (bool[])walls.Clone();
        if (!IsFree(goal)) throw new ArgumentException($"The goal {goal} is not a free cell.");
        if (start is GridPoint s && (!IsFree(s) || s == goal)) throw new ArgumentException($"The start {s} is not a free non-goal cell.");
        Start = start;
        Goal = goal;
        _stateOfCell = new int[rows * cols];
        var states = new List<int>();
        for (int cell = 0; cell < rows * cols; cell++)
        {
            _stateOfCell[cell] = _walls[cell] ? -1 : states.Count;
            if (!_walls[cell]) states.Add(cell);
        }
        _cellOfState = [.. states];
    }

    public int Rows { get; }
    public int Cols { get; }

    /// <summary>The fixed start cell, or null when every episode starts on a uniformly random free non-goal cell.</summary>
    public GridPoint? Start { get; }

    public GridPoint Goal { get; }

    /// <summary>Number of free cells (= tabular states, goal included).</summary>
    public int FreeCellCount => _cellOfState.Length;

    public bool InBounds(GridPoint p) => p.Row >= 0 && p.Row < Rows && p.Col >= 0 && p.Col < Cols;

    public bool IsWall(GridPoint p) => _walls[CellIndex(p)];

    /// <summary>Inside the grid and not a wall.</summary>
    public bool IsFree(GridPoint p) => InBounds(p) && !_walls[CellIndex(p)];

    public int CellIndex(GridPoint p) => Cols * p.Row + p.Col;

    public GridPoint CellAt(int cell) => new(cell / Cols, cell % Cols);

    /// <summary>Tabular state index of a free cell (free cells numbered row-major), or -1 for a wall.</summary>
    public int StateIndex(GridPoint p) => _stateOfCell[CellIndex(p)];

    /// <summary>The free cell of a tabular state.</summary>
    public GridPoint StateCell(int state) => CellAt(_cellOfState[state]);

    /// <summary>The same walls with another goal/start.</summary>
    public GridMap With(GridPoint? start, GridPoint goal) => new(Rows, Cols, _walls, start, goal);

    /// <summary>BFS distance (4-connected) from every cell to <paramref name="target"/>; -1 for walls/unreachable.</summary>
    public int[] DistancesTo(GridPoint target)
    {
        var dist = new int[Rows * Cols];
        Array.Fill(dist, -1);
        if (!IsFree(target)) return dist;
        var queue = new Queue<GridPoint>();
        dist[CellIndex(target)] = 0;
        queue.Enqueue(target);
        while (queue.Count > 0)
        {
            var p = queue.Dequeue();
            for (int a = 0; a < GridWorld.ActionCount; a++)
            {
                var q = GridWorld.Move(p, a);
                if (IsFree(q) && dist[CellIndex(q)] < 0)
                {
                    dist[CellIndex(q)] = dist[CellIndex(p)] + 1;
                    queue.Enqueue(q);
                }
            }
        }
        return dist;
    }

    /// <summary>Fewest steps from <paramref name="from"/> to the goal, or -1 if unreachable.</summary>
    public int ShortestPath(GridPoint from) => IsFree(from) ? DistancesTo(Goal)[CellIndex(from)] : -1;

    /// <summary>Fewest steps from the start to the goal; null for random-start maps.</summary>
    public int? ShortestPathFromStart => Start is GridPoint s ? ShortestPath(s) : null;

    /// <summary>
    /// The expected fewest steps to the goal from the start distribution: the shortest path from the start, or with
    /// no start cell (a random start each episode) the mean shortest path over every free cell that can reach the goal.
    /// </summary>
    public double MeanShortestPath
    {
        get
        {
            if (ShortestPathFromStart is int fixedStart) return fixedStart;
            var distance = DistancesTo(Goal);
            long sum = 0;
            int cells = 0;
            foreach (int d in distance)
            {
                if (d <= 0) continue; // a wall, an unreachable cell or the goal itself
                sum += d;
                cells++;
            }
            return cells == 0 ? double.NaN : (double)sum / cells;
        }
    }

    /// <summary>The map in the thesis digit format.</summary>
    public string ToDigitText() => ToText(digits: true);

    /// <summary>The map in the char format.</summary>
    public string ToCharText() => ToText(digits: false);

    private string ToText(bool digits)
    {
        var sb = new StringBuilder();
        for (int r = 0; r < Rows; r++)
        {
            for (int c = 0; c < Cols; c++)
            {
                var p = new GridPoint(r, c);
                if (digits && c > 0) sb.Append(' ');
                char ch = p == Goal ? (digits ? '3' : 'G')
                    : p == Start ? (digits ? '4' : 'S')
                    : IsWall(p) ? (digits ? '1' : '#')
                    : (digits ? '0' : '.');
                sb.Append(ch);
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Reads a map file; errors throw <see cref="EnvException"/> naming the file, line and column.</summary>
    public static GridMap Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new EnvException($"{path}: cannot read map file ({e.Message.TrimEnd('.')})");
        }
        return Parse(text, path);
    }

    /// <summary>
    /// Parses a map (digit or char format, detected from the first row). Errors (ragged rows, unknown
    /// symbol, no/several starts or goals, unreachable goal) throw <see cref="EnvException"/> with
    /// "source:line:column: message".
    /// </summary>
    public static GridMap Parse(string text, string source = "<map>")
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var rows = new List<(int Line, List<(char Symbol, int Column)> Cells)>();
        bool? digitFormat = null;
        int lastNonBlank = -1;
        for (int i = 0; i < lines.Length; i++)
            if (!IsIgnorable(lines[i])) lastNonBlank = i;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            int lineNo = i + 1;
            if (IsIgnorable(line))
            {
                if (rows.Count > 0 && i < lastNonBlank && line.Trim().Length == 0)
                    throw new EnvException($"{source}:{lineNo}:1: empty line inside the grid");
                continue;
            }
            digitFormat ??= LooksLikeDigits(line);
            var cells = new List<(char, int)>();
            if (digitFormat.Value)
            {
                int col = 0;
                while (col < line.Length)
                {
                    if (char.IsWhiteSpace(line[col])) { col++; continue; }
                    int startCol = col;
                    while (col < line.Length && !char.IsWhiteSpace(line[col])) col++;
                    string token = line[startCol..col];
                    if (token is not ("0" or "1" or "3" or "4"))
                        throw new EnvException($"{source}:{lineNo}:{startCol + 1}: unknown symbol '{token}' (digit format: 0 empty, 1 wall, 3 goal, 4 start)");
                    cells.Add((token[0], startCol + 1));
                }
            }
            else
            {
                string trimmed = line.TrimEnd();
                for (int c = 0; c < trimmed.Length; c++)
                {
                    char ch = trimmed[c];
                    if (ch is not ('#' or '.' or 'S' or 'G'))
                        throw new EnvException($"{source}:{lineNo}:{c + 1}: unknown symbol '{ch}' (char format: # wall, . floor, S start, G goal)");
                    cells.Add((ch, c + 1));
                }
            }
            if (rows.Count > 0 && cells.Count != rows[0].Cells.Count)
            {
                int column = cells.Count > rows[0].Cells.Count ? cells[rows[0].Cells.Count].Item2 : line.TrimEnd().Length + 1;
                throw new EnvException($"{source}:{lineNo}:{column}: ragged row: {cells.Count} cells, expected {rows[0].Cells.Count} like line {rows[0].Line}");
            }
            rows.Add((lineNo, cells));
        }
        if (rows.Count == 0) throw new EnvException($"{source}:1:1: the map is empty");

        int nRows = rows.Count, nCols = rows[0].Cells.Count;
        var walls = new bool[nRows * nCols];
        GridPoint? start = null, goal = null;
        (int Line, int Col) goalAt = default;
        for (int r = 0; r < nRows; r++)
        {
            for (int c = 0; c < nCols; c++)
            {
                var (symbol, column) = rows[r].Cells[c];
                int line = rows[r].Line;
                switch (symbol)
                {
                    case '1' or '#':
                        walls[nCols * r + c] = true;
                        break;
                    case '4' or 'S':
                        if (start is not null) throw new EnvException($"{source}:{line}:{column}: several starts (the first is at row {start.Value.Row}, col {start.Value.Col})");
                        start = new GridPoint(r, c);
                        break;
                    case '3' or 'G':
                        if (goal is not null) throw new EnvException($"{source}:{line}:{column}: several goals (the first is at row {goal.Value.Row}, col {goal.Value.Col})");
                        goal = new GridPoint(r, c);
                        goalAt = (line, column);
                        break;
                }
            }
        }
        if (start is null) throw new EnvException($"{source}:{rows[0].Line}:1: no start cell (4 or S)");
        if (goal is null) throw new EnvException($"{source}:{rows[0].Line}:1: no goal cell (3 or G)");
        var map = new GridMap(nRows, nCols, walls, start, goal.Value);
        if (map.ShortestPath(start.Value) < 0)
            throw new EnvException($"{source}:{goalAt.Line}:{goalAt.Col}: the goal cannot be reached from the start");
        return map;
    }

    private static bool IsIgnorable(string line)
    {
        string t = line.Trim();
        return t.Length == 0 || t.StartsWith("//", StringComparison.Ordinal);
    }

    // Digit format: tokens separated by whitespace and the first token is a digit.
    private static bool LooksLikeDigits(string line)
    {
        string t = line.Trim();
        return char.IsDigit(t[0]) && (t.Length == 1 || char.IsWhiteSpace(t[1]));
    }
}
