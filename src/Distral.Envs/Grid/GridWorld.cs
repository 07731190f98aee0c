namespace Distral.Envs;

/// <summary>
/// The thesis gridworld. Actions (thesis order): 0 up, 1 down, 2 left, 3 right. Rewards (see
/// <see cref="GridWorldOptions"/>): -0.1 every step, -0.5 more when bumping a wall or the border (the agent
/// stays), +1 more on the step that reaches the goal, which terminates the episode. The start is the map's
/// start cell, or a uniformly random free non-goal cell each episode when the map has none.
/// Observation: <see cref="GridWorldOptions.Encoder"/> (default: the thesis 3-float encoding).
/// </summary>
public sealed class GridWorld : Env, IModelEnv, IAsciiRenderable, IStatefulEnv
{
    /// <summary>Number of actions (up, down, left, right).</summary>
    public const int ActionCount = 4;

    public const int Up = 0, Down = 1, Left = 2, Right = 3;

    private readonly GridEncoder _encoder;
    private readonly int[] _randomStartCells;
    private TabularModel? _model;
    private GridPoint _agent;
    private int _previousAction = -1;
    private float _previousReward;

    public GridWorld(GridMap map, GridWorldOptions? options = null, int seed = 0)
        : base((options ?? GridWorldOptions.Thesis).Encoder.CreateSpace(map, options ?? GridWorldOptions.Thesis), new Discrete(ActionCount), seed)
    {
        Map = map;
        Options = options ?? GridWorldOptions.Thesis;
        _encoder = Options.Encoder;
        var distance = map.DistancesTo(map.Goal);
        var starts = new List<int>();
        for (int cell = 0; cell < map.Rows * map.Cols; cell++)
            if (distance[cell] > 0) starts.Add(cell); // free, not the goal, and the goal is reachable

        _randomStartCells = [.. starts];
        if (map.Start is null && _randomStartCells.Length == 0) throw new ArgumentException("No free cell can reach the goal.");
        _agent = map.Start ?? map.CellAt(_randomStartCells[0]);
    }

    public GridMap Map { get; }
    public GridWorldOptions Options { get; }

    /// <summary>The agent's cell.</summary>
    public GridPoint Agent => _agent;

    /// <summary>The last action taken in this episode, or -1 right after Reset.</summary>
    public int PreviousAction => _previousAction;

    /// <summary>The last reward received in this episode (0 right after Reset).</summary>
    public float PreviousReward => _previousReward;

    /// <inheritdoc/>
    public int StateIndex => Map.StateIndex(_agent);

    /// <summary>The MDP over free cells (state = <see cref="GridMap.StateIndex"/>, the goal is terminal); built once.</summary>
    public TabularModel Model => _model ??= BuildModel();

    /// <summary>The cell one move away (ignoring walls).</summary>
    public static GridPoint Move(GridPoint p, int action) => action switch
    {
        Up => p with { Row = p.Row - 1 },
        Down => p with { Row = p.Row + 1 },
        Left => p with { Col = p.Col - 1 },
        Right => p with { Col = p.Col + 1 },
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    /// <summary>Where an action leads from <paramref name="from"/>, its reward and whether it reaches the goal.</summary>
    public (GridPoint Next, float Reward, bool ReachedGoal) Transition(GridPoint from, int action)
    {
        var target = Move(from, action);
        if (!Map.IsFree(target)) return (from, Options.StepReward + Options.BumpPenalty, false);
        if (target == Map.Goal) return (target, Options.StepReward + Options.GoalReward, true);
        return (target, Options.StepReward, false);
    }

    /// <summary>Places the agent on a free non-goal cell mid-episode (for tests and exploring starts).</summary>
    public void SetAgent(GridPoint cell)
    {
        if (!Map.IsFree(cell) || cell == Map.Goal) throw new ArgumentException($"{cell} is not a free non-goal cell.");
        _agent = cell;
    }

    /// <inheritdoc/>
    public bool CanSaveState => true;

    /// <inheritdoc/>
    public void SaveState(BinaryWriter writer)
    {
        SaveBaseState(writer);
        writer.WriteTag("grid");
        writer.Write(Map.Rows);
        writer.Write(Map.Cols);
        writer.Write(_agent.Row);
        writer.Write(_agent.Col);
        writer.Write(_previousAction);
        writer.Write(_previousReward);
    }

    /// <inheritdoc/>
    public void LoadState(BinaryReader reader) => reader.ReadChecked("gridworld state", r =>
    {
        LoadBaseState(r);
        r.ExpectTag("grid");
        int rows = r.ReadInt32(), cols = r.ReadInt32();
        if (rows != Map.Rows || cols != Map.Cols) throw new InvalidDataException($"gridworld state is for a {rows}x{cols} map, this map is {Map.Rows}x{Map.Cols}");
        var agent = new GridPoint(r.ReadInt32(), r.ReadInt32());
        int previousAction = r.ReadInt32();
        float previousReward = r.ReadSingle();
        if (!Map.IsFree(agent)) throw new InvalidDataException($"gridworld state puts the agent on {agent}, which is not a free cell");
        if (previousAction is < -1 or >= ActionCount) throw new InvalidDataException($"gridworld state has previous action {previousAction}");
        (_agent, _previousAction, _previousReward) = (agent, previousAction, previousReward);
    });

    public string RenderAscii() => GridRenderer.Ascii(Map, _agent);

    /// <summary>An SVG picture; <paramref name="policy"/> (optional, rows*cols*4 probabilities) draws arrows.</summary>
    public string RenderSvg(ReadOnlySpan<float> policy = default) => GridRenderer.Svg(Map, _agent, policy);

    protected override EnvInfo OnReset(Span<float> observation)
    {
        _agent = Map.Start ?? Map.CellAt(_randomStartCells[Random.NextInt(_randomStartCells.Length)]);
        _previousAction = -1;
        _previousReward = 0;
        _encoder.Encode(Map, _agent, _previousAction, _previousReward, observation);
        return new EnvInfo { StateIndex = Map.StateIndex(_agent) };
    }

    protected override StepOutcome OnStep(int action, Span<float> observation)
    {
        var (next, reward, reachedGoal) = Transition(_agent, action);
        _agent = next;
        _previousAction = action;
        _previousReward = reward;
        _encoder.Encode(Map, _agent, _previousAction, _previousReward, observation);
        var info = new EnvInfo { StateIndex = Map.StateIndex(_agent), IsSuccess = reachedGoal ? true : null };
        return new StepOutcome(reward, reachedGoal, false, info);
    }

    private TabularModel BuildModel()
    {
        int n = Map.FreeCellCount;
        var next = new int[n * ActionCount];
        var reward = new double[n * ActionCount];
        var terminal = new bool[n];
        var initial = new double[n];
        for (int s = 0; s < n; s++)
        {
            var cell = Map.StateCell(s);
            terminal[s] = cell == Map.Goal;
            for (int a = 0; a < ActionCount; a++)
            {
                var (to, r, _) = Transition(cell, a);
                // The goal is absorbing with zero reward so solvers that ignore Terminal stay correct.
                next[s * ActionCount + a] = terminal[s] ? s : Map.StateIndex(to);
                reward[s * ActionCount + a] = terminal[s] ? 0 : r;
            }
        }
        if (Map.Start is GridPoint start) initial[Map.StateIndex(start)] = 1;
        else foreach (int cell in _randomStartCells) initial[Map.StateIndex(Map.CellAt(cell))] = 1.0 / _randomStartCells.Length;
        return TabularModel.Deterministic(n, ActionCount, next, reward, terminal, initial);
    }
}
