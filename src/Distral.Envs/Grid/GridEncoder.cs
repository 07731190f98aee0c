namespace Distral.Envs;

/// <summary>
/// Turns the gridworld state (agent cell, previous action, previous reward) into a float observation.
/// Built-ins: <see cref="Thesis"/> (default), <see cref="OneHotWithPrevious"/>, <see cref="CoordinatesWithPrevious"/>, <see cref="OneHot"/>, <see cref="Coordinates"/>,
/// <see cref="LocalView"/> and <see cref="Rgb"/>. "Previous action" is -1 right after Reset (no action yet).
/// Combine a position-only encoder with <see cref="PreviousActionReward"/> to add the previous action/reward.
/// </summary>
public abstract class GridEncoder
{
    /// <summary>A short name for messages and configs.</summary>
    public abstract string Name { get; }

    /// <summary>The observation space this encoder produces on <paramref name="map"/>.</summary>
    public abstract Box CreateSpace(GridMap map, GridWorldOptions options);

    /// <summary>Writes the observation (length CreateSpace(...).Size) without allocating.</summary>
    public abstract void Encode(GridMap map, GridPoint agent, int previousAction, float previousReward, Span<float> destination);

    /// <summary>
    /// The thesis encoding, 3 floats: [2*cell/(rows*cols) - 1, (prev_action - 2)/4, prev_reward] with
    /// cell = cols*row + col; after Reset the action and reward slots are 0.
    /// </summary>
    public static GridEncoder Thesis { get; } = new ThesisEncoder();

    /// <summary>
    /// The paper's state (location, previous action, previous reward) without the thesis' single position scalar:
    /// [one-hot cell (rows*cols), one-hot previous action (4), previous reward]; after Reset the action one-hot
    /// and the reward are 0. A network sees every cell as its own input instead of having to carve the map out of
    /// one number.
    /// </summary>
    public static GridEncoder OneHotWithPrevious { get; } = new OneHotWithPreviousEncoder();

    /// <summary>
    /// [row/(rows-1), col/(cols-1), one-hot previous action (4), previous reward]: the paper's state with the
    /// position as two smooth coordinates, so neighbouring cells look alike along each axis but rows stay apart.
    /// </summary>
    public static GridEncoder CoordinatesWithPrevious { get; } = new CoordinatesWithPreviousEncoder();

    /// <summary>One-hot of the cell index (rows*cols floats).</summary>
    public static GridEncoder OneHot { get; } = new OneHotEncoder();

    /// <summary>[row/(rows-1), col/(cols-1)] in [0, 1].</summary>
    public static GridEncoder Coordinates { get; } = new CoordinatesEncoder();

    /// <summary>
    /// Egocentric view of the (2r+1)x(2r+1) square around the agent, 2 channels channel-major
    /// (wall-or-outside, goal), 2*(2r+1)^2 floats in {0, 1}.
    /// </summary>
    public static GridEncoder LocalView(int radius = 2) => new LocalViewEncoder(radius);

    /// <summary>
    /// The full grid as an RGB image, channel-major C*H*W = 3*rows*cols floats in [0, 1]:
    /// walls grey, floor black, goal green, agent red.
    /// </summary>
    public static GridEncoder Rgb { get; } = new RgbEncoder();

    public override string ToString() => Name;
}

internal sealed class ThesisEncoder : GridEncoder
{
    public override string Name => "thesis";

    public override Box CreateSpace(GridMap map, GridWorldOptions options) =>
        new([-1f, -0.5f, Math.Min(0, options.MinReward)], [1f, 0.25f, Math.Max(0, options.MaxReward)]);

    public override void Encode(GridMap map, GridPoint agent, int previousAction, float previousReward, Span<float> destination)
    {
        destination[0] = 2f * map.CellIndex(agent) / (map.Rows * map.Cols) - 1f;
        destination[1] = previousAction < 0 ? 0f : (previousAction - 2) / 4f;
        destination[2] = previousAction < 0 ? 0f : previousReward;
    }
}

internal sealed class OneHotEncoder : GridEncoder
{
    public override string Name => "onehot";

    public override Box CreateSpace(GridMap map, GridWorldOptions options) => new(0f, 1f, map.Rows * map.Cols);

    public override void Encode(GridMap map, GridPoint agent, int previousAction, float previousReward, Span<float> destination)
    {
        destination.Clear();
        destination[map.CellIndex(agent)] = 1f;
    }
}

/// <summary>
/// A position encoding in [0, 1] followed by the one-hot previous action and the previous reward (zeros right after
/// Reset): the paper's state (location, previous action, previous reward).
/// </summary>
internal abstract class WithPreviousEncoder : GridEncoder
{
    /// <summary>Floats of the position part.</summary>
    protected abstract int PositionSize(GridMap map);

    /// <summary>Writes the position part into a cleared <paramref name="destination"/> of PositionSize floats.</summary>
    protected abstract void EncodePosition(GridMap map, GridPoint agent, Span<float> destination);

    public sealed override Box CreateSpace(GridMap map, GridWorldOptions options)
    {
        var low = new float[PositionSize(map) + GridWorld.ActionCount + 1];
        var high = new float[low.Length];
        high.AsSpan(0, low.Length - 1).Fill(1f);
        low[^1] = Math.Min(0, options.MinReward);
        high[^1] = Math.Max(0, options.MaxReward);
        return new Box(low, high);
    }

    public sealed override void Encode(GridMap map, GridPoint agent, int previousAction, float previousReward, Span<float> destination)
    {
        int position = PositionSize(map);
        destination.Clear();
        EncodePosition(map, agent, destination[..position]);
        if (previousAction < 0) return;
        destination[position + previousAction] = 1f;
        destination[position + GridWorld.ActionCount] = previousReward;
    }
}

internal sealed class OneHotWithPreviousEncoder : WithPreviousEncoder
{
    public override string Name => "one-hot";

    protected override int PositionSize(GridMap map) => map.Rows * map.Cols;

    protected override void EncodePosition(GridMap map, GridPoint agent, Span<float> destination) =>
        destination[map.CellIndex(agent)] = 1f;
}

internal sealed class CoordinatesWithPreviousEncoder : WithPreviousEncoder
{
    public override string Name => "coordinates";

    protected override int PositionSize(GridMap map) => 2;

    protected override void EncodePosition(GridMap map, GridPoint agent, Span<float> destination)
    {
        destination[0] = map.Rows > 1 ? agent.Row / (float)(map.Rows - 1) : 0f;
        destination[1] = map.Cols > 1 ? agent.Col / (float)(map.Cols - 1) : 0f;
    }
}

internal sealed class CoordinatesEncoder : GridEncoder
{
    public override string Name => "coordinates";

    public override Box CreateSpace(GridMap map, GridWorldOptions options) => new(0f, 1f, 2);

    public override void Encode(GridMap map, GridPoint agent, int previousAction, float previousReward, Span<float> destination)
    {
        destination[0] = map.Rows > 1 ? agent.Row / (float)(map.Rows - 1) : 0f;
        destination[1] = map.Cols > 1 ? agent.Col / (float)(map.Cols - 1) : 0f;
    }
}

internal sealed class LocalViewEncoder : GridEncoder
{
    private readonly int _radius;

    public LocalViewEncoder(int radius)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(radius);
        _radius = radius;
    }

    public override string Name => $"local{_radius}";

    private int Side => 2 * _radius + 1;

    public override Box CreateSpace(GridMap map, GridWorldOptions options) => new(0f, 1f, 2, Side, Side);

    public override void Encode(GridMap map, GridPoint agent, int previousAction, float previousReward, Span<float> destination)
    {
        int plane = Side * Side;
        for (int dr = -_radius; dr <= _radius; dr++)
        {
            for (int dc = -_radius; dc <= _radius; dc++)
            {
                var p = new GridPoint(agent.Row + dr, agent.Col + dc);
                int i = (dr + _radius) * Side + dc + _radius;
                destination[i] = map.IsFree(p) ? 0f : 1f;
                destination[plane + i] = p == map.Goal ? 1f : 0f;
            }
        }
    }
}

internal sealed class RgbEncoder : GridEncoder
{
    public override string Name => "rgb";

    public override Box CreateSpace(GridMap map, GridWorldOptions options) => new(0f, 1f, 3, map.Rows, map.Cols);

    public override void Encode(GridMap map, GridPoint agent, int previousAction, float previousReward, Span<float> destination)
    {
        int plane = map.Rows * map.Cols;
        for (int cell = 0; cell < plane; cell++)
        {
            var p = map.CellAt(cell);
            float r = 0, g = 0, b = 0;
            if (p == agent) r = 1;
            else if (p == map.Goal) g = 1;
            else if (map.IsWall(p)) r = g = b = 0.5f;
            destination[cell] = r;
            destination[plane + cell] = g;
            destination[2 * plane + cell] = b;
        }
    }
}
