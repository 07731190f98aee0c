namespace Distral.Envs;

/// <summary>How discrete actions move the agent in mazes and navigation maps.</summary>
public enum MazeActionMode
{
    /// <summary>
    /// Three actions: 0 = step forward, 1 = turn left, 2 = turn right (DeepMind Lab style).
    /// The view is rotated so that the agent's heading points up.
    /// </summary>
    Egocentric = 0,

    /// <summary>Four actions: 0 = up (north), 1 = right (east), 2 = down (south), 3 = left (west); the view is not rotated.</summary>
    Cardinal = 1,
}
