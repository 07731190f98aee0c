using Distral.Tensors;

namespace Distral.Envs;

/// <summary>
/// Common base of the maze-* and nav-* tasks: a tile map (<see cref="MazeTile"/>), an agent with a position and
/// heading, and a partial egocentric RGB view (<c>3 x ViewSize x ViewSize</c>, channel-major, values in [0, 1]).
/// Actions follow <see cref="MazeActionMode"/>. Subclasses decide layouts, objects and rewards.
/// </summary>
public abstract class NavigationEnv : Env, IAsciiRenderable, IStatefulEnv
{
    private readonly bool[] _walls;
    private readonly int[] _stack;

    private protected NavigationEnv(int cellRows, int cellCols, int viewSize, MazeActionMode actionMode, int seed)
        : base(new Box(0f, 1f, 3, viewSize, viewSize), new Discrete(actionMode == MazeActionMode.Egocentric ? 3 : 4), seed)
    {
        if (cellRows < 1 || cellCols < 1) throw new ArgumentOutOfRangeException(nameof(cellRows), "A maze needs at least one cell.");
        Grid = new NavGrid(2 * cellRows + 1, 2 * cellCols + 1, viewSize, actionMode);
        CellRows = cellRows;
        CellCols = cellCols;
        _walls = new bool[Grid.Rows * Grid.Cols];
        _stack = new int[cellRows * cellCols];
    }

    internal NavGrid Grid { get; }

    private protected int CellRows { get; }
    private protected int CellCols { get; }

    /// <summary>Number of tile rows of the map.</summary>
    public int Rows => Grid.Rows;

    /// <summary>Number of tile columns of the map.</summary>
    public int Cols => Grid.Cols;

    /// <summary>The agent's tile.</summary>
    public GridPoint AgentPosition => new(Grid.AgentRow, Grid.AgentCol);

    /// <summary>The agent's heading: 0 north (up), 1 east, 2 south, 3 west (always 0 with cardinal actions).</summary>
    public int Heading => Grid.Heading;

    /// <summary>How actions move the agent.</summary>
    public MazeActionMode ActionMode => Grid.ActionMode;

    /// <summary>What occupies a tile now (outside the map: wall).</summary>
    public MazeTile TileAt(int row, int col) => Grid.TileAt(row, col);

    /// <inheritdoc />
    public string RenderAscii() => Grid.ToAscii().TrimEnd('\n');

    /// <inheritdoc />
    public bool CanSaveState => true;

    /// <inheritdoc />
    /// <remarks>Saves the whole tile map (items collected, doors, maps regenerated per episode), the agent and the task's own counters.</remarks>
    public void SaveState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteTag(GetType().Name);
        writer.Write(Grid.Rows);
        writer.Write(Grid.Cols);
        writer.Write(Grid.AgentRow);
        writer.Write(Grid.AgentCol);
        writer.Write(Grid.Heading);
        writer.Write(Grid.AgentMarker);
        writer.WriteValues<MazeTile>(Grid.Tiles);
        SaveTaskState(writer);
        SaveBaseState(writer);
    }

    /// <inheritdoc />
    public void LoadState(BinaryReader reader) => reader.ReadChecked($"{GetType().Name} state", r =>
    {
        // Everything is read and checked before anything changes, so a bad state leaves the env as it was.
        string name = GetType().Name;
        r.ExpectTag(name);
        int rows = r.ReadInt32(), cols = r.ReadInt32();
        if (rows != Grid.Rows || cols != Grid.Cols) throw new InvalidDataException($"{name} state is for a {rows}x{cols} map, this map is {Grid.Rows}x{Grid.Cols}");
        int agentRow = r.ReadInt32InRange($"{name} agent row", 0, Grid.Rows - 1);
        int agentCol = r.ReadInt32InRange($"{name} agent column", 0, Grid.Cols - 1);
        int heading = r.ReadInt32InRange($"{name} heading", 0, ActionMode == MazeActionMode.Egocentric ? 3 : 0);
        float marker = r.ReadSingle();
        if (!(marker >= 0f && marker <= 1f)) throw new InvalidDataException($"{name} agent marker is outside [0, 1] in the state");
        var tiles = new MazeTile[Grid.Tiles.Length];
        r.ReadValues<MazeTile>(tiles, $"{name} tiles");
        foreach (var tile in tiles)
            if (tile > MazeTile.DoorClosed) throw new InvalidDataException($"{name} state holds an unknown tile kind {(int)tile}");
        if (tiles[agentRow * Grid.Cols + agentCol] == MazeTile.Wall) throw new InvalidDataException($"{name} state puts the agent in a wall at ({agentRow}, {agentCol})");
        var applyTaskState = ReadTaskState(r, tiles);
        LoadBaseState(r);
        tiles.CopyTo(Grid.Tiles, 0);
        (Grid.AgentRow, Grid.AgentCol, Grid.Heading, Grid.AgentMarker) = (agentRow, agentCol, heading, marker);
        applyTaskState();
    });

    /// <summary>Writes the task's own state beyond the map and the agent (none by default).</summary>
    private protected virtual void SaveTaskState(BinaryWriter writer)
    {
    }

    /// <summary>
    /// Reads and checks what <see cref="SaveTaskState"/> wrote against the loaded <paramref name="tiles"/>, without changing
    /// the env; returns the action that applies it (run only once the whole state has been read).
    /// </summary>
    private protected virtual Action ReadTaskState(BinaryReader reader, MazeTile[] tiles) => static () => { };

    /// <inheritdoc />
    protected sealed override EnvInfo OnReset(Span<float> observation)
    {
        StartEpisode();
        Grid.Render(observation);
        return default;
    }

    /// <inheritdoc />
    /// <remarks>Every task steps alike: the step reward, the move, the entered tile's effect, per-step upkeep, the view.</remarks>
    protected sealed override StepOutcome OnStep(int action, Span<float> observation)
    {
        float reward = RewardPerStep;
        bool terminated = Grid.Apply(action) && EnterTile(Grid.AgentIndex, ref reward);
        AfterStep();
        Grid.Render(observation);
        return new StepOutcome(reward, terminated, false, terminated ? new EnvInfo { IsSuccess = true } : default);
    }

    /// <summary>Reward added on every step (a step cost when negative).</summary>
    private protected abstract float RewardPerStep { get; }

    /// <summary>Sets up the map, objects and agent of a new episode (the view is rendered afterwards).</summary>
    private protected abstract void StartEpisode();

    /// <summary>The agent has just moved onto tile <paramref name="index"/>: applies its effect, adds to <paramref name="reward"/>, returns whether the episode ends.</summary>
    private protected abstract bool EnterTile(int index, ref float reward);

    /// <summary>Per-step upkeep after the move, whether or not the agent moved (e.g. doors).</summary>
    private protected virtual void AfterStep()
    {
    }

    /// <summary>Fills the map with a fresh maze (walls and floor only) drawn from <paramref name="rng"/>.</summary>
    private protected void GenerateMaze(Rng rng, float loopFraction)
    {
        MazeGenerator.GenerateInto(rng, CellRows, CellCols, loopFraction, _walls, _stack);
        var tiles = Grid.Tiles;
        for (int i = 0; i < tiles.Length; i++) tiles[i] = _walls[i] ? MazeTile.Wall : MazeTile.Floor;
    }

    /// <summary>A uniformly chosen tile index holding <paramref name="kind"/>, other than <paramref name="exclude"/>; -1 if none.</summary>
    private protected int RandomTileIndex(Rng rng, MazeTile kind, int exclude = -1)
    {
        var tiles = Grid.Tiles;
        int count = 0;
        for (int i = 0; i < tiles.Length; i++) if (tiles[i] == kind && i != exclude) count++;
        if (count == 0) return -1;
        int chosen = rng.NextInt(count);
        for (int i = 0; i < tiles.Length; i++)
        {
            if (tiles[i] != kind || i == exclude) continue;
            if (chosen-- == 0) return i;
        }
        return -1;
    }

    /// <summary>Puts the agent on a random tile of kind <paramref name="kind"/> with a random heading (egocentric mode).</summary>
    private protected void PlaceAgent(Rng rng, MazeTile kind = MazeTile.Floor, int exclude = -1)
    {
        int index = RandomTileIndex(rng, kind, exclude);
        if (index < 0) throw new InvalidOperationException("No free tile to place the agent on.");
        PlaceAgentAt(index);
        Grid.Heading = ActionMode == MazeActionMode.Egocentric ? rng.NextInt(4) : 0;
    }

    private protected void PlaceAgentAt(int index)
    {
        Grid.AgentRow = index / Grid.Cols;
        Grid.AgentCol = index % Grid.Cols;
    }
}
