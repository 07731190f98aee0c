namespace Distral.Cli;

/// <summary>An error the user caused (bad argument, bad file); printed as one line, exit code 2.</summary>
public sealed class UserErrorException(string message) : Exception(message);
