namespace Distral.Envs;

/// <summary>What occupies one tile of a maze or navigation map.</summary>
public enum MazeTile : byte
{
    /// <summary>Empty floor the agent can walk on.</summary>
    Floor = 0,

    /// <summary>Impassable wall (also everything outside the map).</summary>
    Wall = 1,

    /// <summary>The goal object.</summary>
    Goal = 2,

    /// <summary>A small reward item (or, in nav-return-items, an item to carry home).</summary>
    Item = 3,

    /// <summary>The start pad of nav-return-items (walkable).</summary>
    StartPad = 4,

    /// <summary>An open door (walkable).</summary>
    DoorOpen = 5,

    /// <summary>A closed door (blocks entry).</summary>
    DoorClosed = 6,
}
