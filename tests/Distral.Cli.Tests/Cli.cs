using Distral.Cli;

namespace Distral.Cli.Tests;

/// <summary>Runs the distral command in-process and captures its exit code, stdout and stderr.</summary>
internal static class Cli
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CommandLine.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
