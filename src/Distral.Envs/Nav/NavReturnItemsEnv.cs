namespace Distral.Envs;

/// <summary>
/// nav-return-items: every episode a new maze; the agent starts on the start pad (blue) and
/// <see cref="NavParameters.NumItems"/> items (yellow) lie on random tiles. Walking onto an item picks it up
/// (+0.1); walking onto the start pad delivers everything carried (+1 per item). Delivering the last item ends
/// the episode. The agent's own pixel shows the fraction of items carried in its blue channel.
/// </summary>
public sealed class NavReturnItemsEnv : NavTaskEnv
{
    /// <summary>Creates the env; <paramref name="seed"/> seeds the maps and item positions.</summary>
    public NavReturnItemsEnv(NavParameters? parameters = null, int seed = 0)
        : base(parameters, seed)
    {
    }

    /// <summary>Items picked up and not yet delivered.</summary>
    public int Carried { get; private set; }

    /// <summary>Items delivered to the start pad in this episode.</summary>
    public int Delivered { get; private set; }

    private protected override void StartEpisode()
    {
        GenerateMaze();
        PlaceAgent(Random);
        Grid.Tiles[Grid.AgentIndex] = MazeTile.StartPad;
        for (int i = 0; i < Parameters.NumItems; i++) Grid.Tiles[RandomTileIndex(Random, MazeTile.Floor)] = MazeTile.Item;
        Carried = 0;
        Delivered = 0;
        Grid.AgentMarker = 0f;
    }

    private protected override void SaveTaskState(BinaryWriter writer)
    {
        writer.Write(Carried);
        writer.Write(Delivered);
    }

    private protected override Action ReadTaskState(BinaryReader reader, MazeTile[] tiles)
    {
        int items = Parameters.NumItems;
        int carried = reader.ReadInt32InRange("nav-return-items items carried", 0, items);
        int delivered = reader.ReadInt32InRange("nav-return-items items delivered", 0, items - carried);
        return () => (Carried, Delivered) = (carried, delivered);
    }

    private protected override bool EnterTile(int index, ref float reward)
    {
        var p = Parameters;
        bool terminated = false;
        if (Grid.Tiles[index] == MazeTile.Item)
        {
            Grid.Tiles[index] = MazeTile.Floor;
            Carried++;
            reward += p.PickupReward;
        }
        else if (Grid.Tiles[index] == MazeTile.StartPad && Carried > 0)
        {
            reward += p.ReturnReward * Carried;
            Delivered += Carried;
            Carried = 0;
            terminated = Delivered == p.NumItems;
        }
        Grid.AgentMarker = (float)Carried / p.NumItems;
        return terminated;
    }
}
