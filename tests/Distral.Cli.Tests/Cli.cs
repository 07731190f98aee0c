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

    /// <summary>A new empty folder under the system temp folder.</summary>
    public static string TempDir()
    {
        string path = Path.Combine(Path.GetTempPath(), "distral-cli-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>An empty config file: every key at its default (and no demo baseline run).</summary>
    public static string EmptyConfig()
    {
        string path = Path.Combine(TempDir(), "empty.yaml");
        File.WriteAllText(path, "");
        return path;
    }
}
