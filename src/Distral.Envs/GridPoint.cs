namespace Distral.Envs;

/// <summary>A grid cell as (row, column), row 0 at the top.</summary>
public readonly record struct GridPoint(int Row, int Col)
{
    public override string ToString() => $"({Row}, {Col})";
}
