namespace Distral.Cli;

/// <summary>Entry point of the <c>distral</c> command; verbs are dispatched by <see cref="CommandLine"/>.</summary>
public static class Program
{
    public static int Main(string[] args) => CommandLine.Run(args, Console.Out, Console.Error);
}
