namespace Distral.Experiments;

/// <summary>The type of a configuration value (how it is parsed, validated and written).</summary>
public enum ConfigValueKind
{
    /// <summary>A whole number (stored as long).</summary>
    Integer,

    /// <summary>A real number (stored as double).</summary>
    Number,

    /// <summary>true or false.</summary>
    Boolean,

    /// <summary>One of a fixed list of names (stored as string).</summary>
    Choice,

    /// <summary>A list of strings (YAML sequence, or a,b,c on the command line; stored as string[]).</summary>
    TextList,

    /// <summary>A list of whole numbers (YAML sequence, or 1,2,3 on the command line; stored as long[]).</summary>
    IntegerList,

    /// <summary>Free text such as a path (stored as string; empty = not set).</summary>
    Text,
}
