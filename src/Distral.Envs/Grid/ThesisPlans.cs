namespace Distral.Envs;

/// <summary>The thesis maps plan1..plan8 (digit format: 0 empty, 1 wall, 3 goal, 4 start), verbatim.</summary>
public static class ThesisPlans
{
    /// <summary>Number of plans (plan1..plan8).</summary>
    public const int Count = 8;

    /// <summary>The digit text of plan <paramref name="number"/> (1..8).</summary>
    public static string Text(int number) => number is >= 1 and <= Count
        ? Texts[number - 1]
        : throw new ArgumentOutOfRangeException(nameof(number), "Plans are numbered 1..8.");

    /// <summary>The parsed map of plan <paramref name="number"/> (1..8).</summary>
    public static GridMap Map(int number) => GridMap.Parse(Text(number), $"plan{number}");

    private static readonly string[] Texts =
    [
        // plan1
        """
        1 1 1 1 1 1 1 1
        1 0 0 0 3 0 0 1
        1 0 1 0 0 0 1 1
        1 0 0 0 0 0 0 1
        1 0 0 4 0 0 1 1
        1 0 0 0 0 0 0 1
        1 0 1 0 0 0 0 1
        1 1 1 1 1 1 1 1
        """,
        // plan2
        """
        1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1
        1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1
        1 1 0 4 0 1 1 1 1 1 1 0 0 0 1 1
        1 1 0 0 0 1 1 1 1 1 1 0 0 0 1 1
        1 1 0 0 0 1 1 1 1 1 1 0 0 0 1 1
        1 1 0 0 0 1 1 1 1 1 1 0 0 0 1 1
        1 1 0 0 0 0 0 0 0 0 0 0 0 0 1 1
        1 1 0 0 0 0 0 0 0 0 0 0 0 0 1 1
        1 1 0 0 0 0 0 0 0 0 0 0 0 0 1 1
        1 1 0 0 0 1 1 1 1 1 1 0 0 0 1 1
        1 1 0 0 0 1 1 1 1 1 1 0 0 0 1 1
        1 1 0 0 0 1 1 1 1 1 1 0 0 0 1 1
        1 1 0 0 0 1 1 1 1 1 1 0 3 0 1 1
        1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1
        1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1
        """,
        // plan3
        """
        1 1 1 1 1 1 1 1 1
        1 0 0 0 1 0 0 3 1
        1 0 1 0 0 0 1 1 1
        1 0 0 0 1 0 0 0 1
        1 0 0 0 0 0 0 1 1
        1 0 0 1 0 0 0 0 1
        1 0 0 0 0 1 0 0 1
        1 0 0 4 0 0 0 0 1
        1 1 1 1 1 1 1 1 1
        """,
        // plan4
        """
        1 1 1 1 1 1 1 1 1 1
        1 4 0 1 1 1 1 0 0 1
        1 0 0 1 1 1 1 0 0 1
        1 0 0 1 1 1 1 0 0 1
        1 0 0 0 0 0 0 0 0 1
        1 0 0 1 1 1 1 0 0 1
        1 0 0 1 1 1 1 0 0 1
        1 0 0 1 1 1 1 0 3 1
        1 1 1 1 1 1 1 1 1 1
        """,
        // plan5
        """
        1 1 1 1 1 1 1 1 1 1
        1 4 0 1 1 1 1 0 0 1
        1 0 0 1 1 1 1 0 0 1
        1 0 0 1 1 1 1 0 0 1
        1 0 0 0 0 0 0 3 0 1
        1 0 0 1 1 1 1 0 0 1
        1 0 0 1 1 1 1 0 0 1
        1 0 0 1 1 1 1 0 0 1
        1 1 1 1 1 1 1 1 1 1
        """,
        // plan6
        """
        1 1 1 1 1 1 1 1 1 1
        1 4 0 1 1 1 1 0 0 1
        1 0 0 1 1 1 1 0 0 1
        1 0 0 1 1 1 1 0 0 1
        1 0 0 3 0 0 0 0 0 1
        1 0 0 1 1 1 1 0 0 1
        1 0 0 1 1 1 1 0 0 1
        1 0 0 1 1 1 1 0 0 1
        1 1 1 1 1 1 1 1 1 1
        """,
        // plan7
        """
        1 1 1 1 1 1 1 1 1 1
        1 4 0 1 1 1 1 0 3 1
        1 0 0 1 1 1 1 0 0 1
        1 0 0 1 1 1 1 0 0 1
        1 0 0 0 0 0 0 0 0 1
        1 0 0 1 1 1 1 0 0 1
        1 0 0 1 1 1 1 0 0 1
        1 0 0 1 1 1 1 0 0 1
        1 1 1 1 1 1 1 1 1 1
        """,
        // plan8
        """
        1 1 1 1 1 1 1 1 1 1
        1 0 0 1 1 1 1 0 3 1
        1 0 0 1 1 1 1 0 0 1
        1 0 0 1 1 1 1 0 0 1
        1 0 0 0 0 0 0 0 0 1
        1 0 0 1 1 1 1 0 0 1
        1 0 0 1 1 1 1 0 0 1
        1 0 4 1 1 1 1 0 0 1
        1 1 1 1 1 1 1 1 1 1
        """,
    ];
}
