namespace Distral.Envs;

/// <summary>
/// nav-doors: like nav-find-goal, but <see cref="NavParameters.NumDoors"/> one-tile corridors between maze cells
/// hold doors that open and close periodically: door i is open while (t + phase_i) mod DoorPeriod &lt;
/// DoorOpenSteps, where t counts the steps of the episode and the phases are random per episode. A closed
/// door (orange) blocks entry; an open door (dark orange) is walkable; an agent standing in a door when it
/// closes may still leave. Reaching the goal gives +1 and ends the episode.
/// </summary>
public sealed class NavDoorsEnv : NavTaskEnv
{
    private readonly int[] _doorIndex;
    private readonly int[] _doorPhase;
    private int _doorCount;
    private int _time;

    /// <summary>Creates the env; <paramref name="seed"/> seeds the maps, doors and starts.</summary>
    public NavDoorsEnv(NavParameters? parameters = null, int seed = 0)
        : base(parameters, seed)
    {
        _doorIndex = new int[Parameters.NumDoors];
        _doorPhase = new int[Parameters.NumDoors];
    }

    /// <summary>Doors placed this episode (fewer than NumDoors only when the maze has too few corridors).</summary>
    public int DoorCount => _doorCount;

    /// <summary>Whether door <paramref name="door"/> is open at episode step <paramref name="time"/>.</summary>
    public bool IsDoorOpen(int door, int time) =>
        (time + _doorPhase[door]) % Parameters.DoorPeriod < Parameters.DoorOpenSteps;

    /// <summary>The tile of door <paramref name="door"/>.</summary>
    public GridPoint DoorPosition(int door) => new(_doorIndex[door] / Cols, _doorIndex[door] % Cols);

    private protected override void StartEpisode()
    {
        var p = Parameters;
        GenerateMaze();
        // Doors go into corridor tiles: open tiles between two cells (one coordinate odd, the other even).
        _doorCount = 0;
        for (int d = 0; d < p.NumDoors; d++)
        {
            int index = RandomCorridorTile();
            if (index < 0) break;
            _doorIndex[_doorCount] = index;
            _doorPhase[_doorCount] = Random.NextInt(p.DoorPeriod);
            Grid.Tiles[index] = MazeTile.DoorOpen;
            _doorCount++;
        }
        PlaceGoalAndAgent();
        _time = 0;
        UpdateDoors();
    }

    private protected override void AfterStep()
    {
        _time++;
        UpdateDoors();
    }

    private protected override void SaveTaskState(BinaryWriter writer)
    {
        writer.Write(_time);
        writer.Write(_doorCount);
        writer.WriteValues<int>(_doorIndex.AsSpan(0, _doorCount));
        writer.WriteValues<int>(_doorPhase.AsSpan(0, _doorCount));
    }

    private protected override Action ReadTaskState(BinaryReader reader, MazeTile[] tiles)
    {
        int time = reader.ReadInt32InRange("nav-doors time", 0, int.MaxValue);
        int count = reader.ReadInt32InRange("nav-doors door count", 0, _doorIndex.Length);
        var index = new int[count];
        var phase = new int[count];
        reader.ReadValues<int>(index, "nav-doors door tiles");
        reader.ReadValues<int>(phase, "nav-doors door phases");
        for (int d = 0; d < count; d++)
        {
            if ((uint)index[d] >= (uint)tiles.Length || tiles[index[d]] is not (MazeTile.DoorOpen or MazeTile.DoorClosed))
                throw new InvalidDataException($"nav-doors state puts door {d} on tile {index[d]}, which holds no door");
            if ((uint)phase[d] >= (uint)Parameters.DoorPeriod)
                throw new InvalidDataException($"nav-doors state gives door {d} phase {phase[d]}, expected 0..{Parameters.DoorPeriod - 1}");
        }
        return () =>
        {
            (_time, _doorCount) = (time, count);
            index.CopyTo(_doorIndex, 0);
            phase.CopyTo(_doorPhase, 0);
        };
    }

    private void UpdateDoors()
    {
        for (int d = 0; d < _doorCount; d++)
            Grid.Tiles[_doorIndex[d]] = IsDoorOpen(d, _time) ? MazeTile.DoorOpen : MazeTile.DoorClosed;
    }

    private int RandomCorridorTile()
    {
        var tiles = Grid.Tiles;
        int cols = Grid.Cols, count = 0;
        for (int i = 0; i < tiles.Length; i++) if (IsCorridor(i)) count++;
        if (count == 0) return -1;
        int chosen = Random.NextInt(count);
        for (int i = 0; i < tiles.Length; i++)
            if (IsCorridor(i) && chosen-- == 0) return i;
        return -1;

        bool IsCorridor(int i) => tiles[i] == MazeTile.Floor && ((i / cols) % 2 == 1) != ((i % cols) % 2 == 1);
    }
}
