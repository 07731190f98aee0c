using Distral.Envs;

namespace Distral.Agents.Tests;

/// <summary>
/// Test-only builder of thesis gridworld models (plans 4-8 of gridworld-plans.md). State = cols * row + col
/// over all cells; wall cells are unreachable and marked terminal so they never affect the solvers.
/// Actions 0 up, 1 down, 2 left, 3 right. Reward -0.1 per step, extra -0.5 for bumping a wall (the agent
/// stays), +1.0 on the step that reaches the goal (so that step pays 0.9 and the optimal undiscounted
/// return is 1 - 0.1 * steps, as in gridworld-plans.md); reaching the goal ends the episode.
/// </summary>
internal sealed class TestMap
{
    public const int Up = 0, Down = 1, Left = 2, Right = 3;
    public static readonly string[] ActionNames = ["up", "down", "left", "right"];

    public int Rows { get; }
    public int Cols { get; }
    public int[] Cells { get; }
    public int Start { get; }
    public int Goal { get; }
    public TabularModel Model { get; }

    public TestMap(string map)
    {
        var lines = map.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Rows = lines.Length;
        Cols = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        Cells = new int[Rows * Cols];
        for (int r = 0; r < Rows; r++)
        {
            var digits = lines[r].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            for (int c = 0; c < Cols; c++)
            {
                Cells[r * Cols + c] = int.Parse(digits[c]);
                if (Cells[r * Cols + c] == 4) Start = r * Cols + c;
                if (Cells[r * Cols + c] == 3) Goal = r * Cols + c;
            }
        }
        Model = BuildModel();
    }

    public int State(int row, int col) => row * Cols + col;

    public bool IsWall(int state) => Cells[state] == 1;

    /// <summary>Next cell of a move (the same cell when a wall blocks it).</summary>
    public int Move(int state, int action)
    {
        int r = state / Cols, c = state % Cols;
        switch (action)
        {
            case Up: r--; break;
            case Down: r++; break;
            case Left: c--; break;
            default: c++; break;
        }
        int next = r * Cols + c;
        return r < 0 || r >= Rows || c < 0 || c >= Cols || IsWall(next) ? state : next;
    }

    /// <summary>BFS shortest path length from the start to the goal.</summary>
    public int ShortestPath()
    {
        var distance = new int[Rows * Cols];
        Array.Fill(distance, -1);
        var queue = new Queue<int>();
        distance[Start] = 0;
        queue.Enqueue(Start);
        while (queue.Count > 0)
        {
            int s = queue.Dequeue();
            if (s == Goal) return distance[s];
            for (int a = 0; a < 4; a++)
            {
                int n = Move(s, a);
                if (distance[n] < 0) { distance[n] = distance[s] + 1; queue.Enqueue(n); }
            }
        }
        return -1;
    }

    private TabularModel BuildModel()
    {
        int numStates = Rows * Cols;
        var next = new int[numStates * 4];
        var reward = new double[numStates * 4];
        var terminal = new bool[numStates];
        var initial = new double[numStates];
        initial[Start] = 1;
        for (int s = 0; s < numStates; s++)
        {
            terminal[s] = s == Goal || IsWall(s);
            for (int a = 0; a < 4; a++)
            {
                int n = Move(s, a);
                next[s * 4 + a] = n;
                reward[s * 4 + a] = -0.1 + (n == s ? -0.5 : 0) + (n == Goal ? 1.0 : 0);
            }
        }
        return TabularModel.Deterministic(numStates, 4, next, reward, terminal, initial);
    }
}

internal static class TestMaps
{
    public const string Plan4 = """
        1 1 1 1 1 1 1 1 1 1
        1 4 0 1 1 1 1 0 0 1
        1 0 0 1 1 1 1 0 0 1
        1 0 0 1 1 1 1 0 0 1
        1 0 0 0 0 0 0 0 0 1
        1 0 0 1 1 1 1 0 0 1
        1 0 0 1 1 1 1 0 0 1
        1 0 0 1 1 1 1 0 3 1
        1 1 1 1 1 1 1 1 1 1
        """;

    public const string Plan5 = """
        1 1 1 1 1 1 1 1 1 1
        1 4 0 1 1 1 1 0 0 1
        1 0 0 1 1 1 1 0 0 1
        1 0 0 1 1 1 1 0 0 1
        1 0 0 0 0 0 0 3 0 1
        1 0 0 1 1 1 1 0 0 1
        1 0 0 1 1 1 1 0 0 1
        1 0 0 1 1 1 1 0 0 1
        1 1 1 1 1 1 1 1 1 1
        """;

    public const string Plan6 = """
        1 1 1 1 1 1 1 1 1 1
        1 4 0 1 1 1 1 0 0 1
        1 0 0 1 1 1 1 0 0 1
        1 0 0 1 1 1 1 0 0 1
        1 0 0 3 0 0 0 0 0 1
        1 0 0 1 1 1 1 0 0 1
        1 0 0 1 1 1 1 0 0 1
        1 0 0 1 1 1 1 0 0 1
        1 1 1 1 1 1 1 1 1 1
        """;

    public const string Plan7 = """
        1 1 1 1 1 1 1 1 1 1
        1 4 0 1 1 1 1 0 3 1
        1 0 0 1 1 1 1 0 0 1
        1 0 0 1 1 1 1 0 0 1
        1 0 0 0 0 0 0 0 0 1
        1 0 0 1 1 1 1 0 0 1
        1 0 0 1 1 1 1 0 0 1
        1 0 0 1 1 1 1 0 0 1
        1 1 1 1 1 1 1 1 1 1
        """;

    public const string Plan8 = """
        1 1 1 1 1 1 1 1 1 1
        1 0 0 1 1 1 1 0 3 1
        1 0 0 1 1 1 1 0 0 1
        1 0 0 1 1 1 1 0 0 1
        1 0 0 0 0 0 0 0 0 1
        1 0 0 1 1 1 1 0 0 1
        1 0 0 1 1 1 1 0 0 1
        1 0 4 1 1 1 1 0 0 1
        1 1 1 1 1 1 1 1 1 1
        """;

    /// <summary>Plans 4-8 and their BFS shortest paths from gridworld-plans.md.</summary>
    public static readonly (string Map, int ShortestPath)[] TwoRoomPlans =
        [(Plan4, 13), (Plan5, 9), (Plan6, 5), (Plan7, 13), (Plan8, 12)];

    public static TestMap[] TwoRoomMaps() => TwoRoomPlans.Select(p => new TestMap(p.Map)).ToArray();

    public static TabularModel[] TwoRoomModels() => TwoRoomMaps().Select(m => m.Model).ToArray();

    /// <summary>Steps taken by following the most probable action from the start (cap when it never arrives).</summary>
    public static int GreedySteps(TestMap map, Func<int, int> action, int cap = 200)
    {
        int s = map.Start;
        for (int steps = 1; steps <= cap; steps++)
        {
            s = map.Move(s, action(s));
            if (s == map.Goal) return steps;
        }
        return cap + 1;
    }

    /// <summary>A random finite MDP with stochastic transitions, one terminal state and a random start distribution.</summary>
    public static TabularModel RandomMdp(Distral.Tensors.Rng rng, int numStates, int numActions)
    {
        var start = new int[numStates * numActions + 1];
        var next = new List<int>();
        var prob = new List<double>();
        var reward = new double[numStates * numActions];
        var terminal = new bool[numStates];
        terminal[numStates - 1] = true;
        var initial = new double[numStates];
        double initialTotal = 0;
        for (int s = 0; s < numStates - 1; s++) { initial[s] = rng.NextDouble() + 0.01; initialTotal += initial[s]; }
        for (int s = 0; s < numStates - 1; s++) initial[s] /= initialTotal;
        for (int sa = 0; sa < numStates * numActions; sa++)
        {
            start[sa] = next.Count;
            reward[sa] = 2 * rng.NextDouble() - 1;
            int successors = 1 + rng.NextInt(3);
            var weights = new double[successors];
            double total = 0;
            for (int k = 0; k < successors; k++) { weights[k] = rng.NextDouble() + 0.05; total += weights[k]; }
            for (int k = 0; k < successors; k++) { next.Add(rng.NextInt(numStates)); prob.Add(weights[k] / total); }
        }
        start[^1] = next.Count;
        return new TabularModel(numStates, numActions, start, next.ToArray(), prob.ToArray(), reward, terminal, initial);
    }
}
