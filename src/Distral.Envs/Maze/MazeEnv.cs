using Distral.Tensors;

namespace Distral.Envs;

/// <summary>
/// One of a set of fixed procedurally generated mazes (task maze-k): all share size and generator; the layout,
/// goal and item positions depend only on k (and <see cref="MazeParameters.LayoutSeed"/>). Each episode the agent
/// starts on a random free tile with a random heading (from the env's seeded generator); items (+0.1) are
/// collected once per episode; the goal (+1) ends the episode (or respawns the agent, see
/// <see cref="MazeParameters.RespawnAtGoal"/>).
/// </summary>
public sealed class MazeEnv : NavigationEnv
{
    private readonly MazeTile[] _layoutTiles;

    /// <summary>Creates maze number <paramref name="mazeIndex"/>; <paramref name="seed"/> seeds start positions.</summary>
    public MazeEnv(int mazeIndex, MazeParameters? parameters = null, int seed = 0)
        : base(Checked(parameters ??= new MazeParameters()).CellRows, parameters.CellCols, parameters.ViewSize, parameters.ActionMode, seed)
    {
        if (mazeIndex < 0) throw new ArgumentOutOfRangeException(nameof(mazeIndex), "The maze index must be >= 0.");
        MazeIndex = mazeIndex;
        Parameters = parameters;
        var layoutRng = new Rng(unchecked(parameters.LayoutSeed + 0x9E3779B97F4A7C15UL * (ulong)(mazeIndex + 1)));
        GenerateMaze(layoutRng, parameters.LoopFraction);
        var walls = new bool[Grid.Tiles.Length];
        for (int i = 0; i < walls.Length; i++) walls[i] = Grid.Tiles[i] == MazeTile.Wall;
        Layout = new MazeLayout(Grid.Rows, Grid.Cols, walls);

        int goal = RandomTileIndex(layoutRng, MazeTile.Floor);
        Grid.Tiles[goal] = MazeTile.Goal;
        Goal = new GridPoint(goal / Grid.Cols, goal % Grid.Cols);
        for (int i = 0; i < parameters.NumItems; i++)
        {
            int item = RandomTileIndex(layoutRng, MazeTile.Floor);
            if (item < 0) break;
            Grid.Tiles[item] = MazeTile.Item;
        }
        _layoutTiles = (MazeTile[])Grid.Tiles.Clone();
    }

    /// <summary>k in maze-k.</summary>
    public int MazeIndex { get; }

    /// <summary>The settings of this maze.</summary>
    public MazeParameters Parameters { get; }

    /// <summary>Walls and floor of this maze.</summary>
    public MazeLayout Layout { get; }

    /// <summary>The goal's tile.</summary>
    public GridPoint Goal { get; }

    private protected override float RewardPerStep => Parameters.StepReward;

    private protected override void StartEpisode()
    {
        _layoutTiles.CopyTo(Grid.Tiles, 0);
        PlaceAgent(Random);
    }

    private protected override bool EnterTile(int index, ref float reward)
    {
        var p = Parameters;
        switch (Grid.Tiles[index])
        {
            case MazeTile.Item:
                reward += p.ItemReward;
                Grid.Tiles[index] = MazeTile.Floor;
                return false;
            case MazeTile.Goal:
                reward += p.GoalReward;
                if (!p.RespawnAtGoal) return true;
                PlaceAgent(Random);
                return false;
            default:
                return false;
        }
    }

    private protected override void SaveTaskState(BinaryWriter writer) => writer.Write(MazeIndex);

    private protected override Action ReadTaskState(BinaryReader reader, MazeTile[] tiles)
    {
        int index = reader.ReadInt32();
        if (index != MazeIndex) throw new InvalidDataException($"maze state is for maze {index}, this is maze {MazeIndex}");
        // The layout is fixed: only items can have gone (collected this episode).
        for (int i = 0; i < tiles.Length; i++)
            if (tiles[i] != _layoutTiles[i] && !(_layoutTiles[i] == MazeTile.Item && tiles[i] == MazeTile.Floor))
                throw new InvalidDataException($"maze state does not match the layout of maze {MazeIndex} at tile ({i / Grid.Cols}, {i % Grid.Cols})");
        return static () => { };
    }

    private static MazeParameters Checked(MazeParameters parameters)
    {
        parameters.Validate();
        return parameters;
    }
}
