namespace Distral.Experiments;

/// <summary>
/// A configuration error the user caused (bad file, unknown key, invalid value). The message is one line
/// naming the file, line and key where known; the CLI prints it and exits with code 2.
/// </summary>
public sealed class ConfigException : Exception
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public ConfigException(string message) : base(message) { }

    /// <summary>Creates the exception with a one-line message and the underlying cause.</summary>
    public ConfigException(string message, Exception inner) : base(message, inner) { }
}
