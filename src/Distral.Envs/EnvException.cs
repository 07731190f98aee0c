namespace Distral.Envs;

/// <summary>
/// An error the user caused (bad map file, unknown task name). The message is one line naming the
/// file/line/column or the name; the CLI prints it and exits with code 2.
/// </summary>
public sealed class EnvException(string message) : Exception(message);
