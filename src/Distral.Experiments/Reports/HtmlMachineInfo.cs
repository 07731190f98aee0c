using System.Runtime.InteropServices;
using System.Text.Json;

namespace Distral.Experiments;

/// <summary>The machine a run trained on (machine.json in the run directory), shown in the report.</summary>
/// <param name="Os">Operating system description.</param>
/// <param name="Architecture">Process architecture (X64, Arm64, ...).</param>
/// <param name="Cores">Logical processors.</param>
/// <param name="Dotnet">.NET runtime description.</param>
/// <param name="Host">Machine name.</param>
public sealed record HtmlMachineInfo(string Os, string Architecture, int Cores, string Dotnet, string Host)
{
    /// <summary>This machine.</summary>
    public static HtmlMachineInfo Current() => new(
        RuntimeInformation.OSDescription, RuntimeInformation.ProcessArchitecture.ToString(), Environment.ProcessorCount,
        RuntimeInformation.FrameworkDescription, Environment.MachineName);

    /// <summary>Writes machine.json into <paramref name="directory"/>.</summary>
    public void Save(string directory)
    {
        var json = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["os"] = Os, ["architecture"] = Architecture, ["cores"] = Cores, ["dotnet"] = Dotnet, ["host"] = Host,
        }, new JsonSerializerOptions { WriteIndented = true });
        File.WriteAllText(new RunDirectory(directory).MachinePath, json + "\n");
    }

    /// <summary>machine.json of <paramref name="directory"/>, or null when missing or unreadable.</summary>
    public static HtmlMachineInfo? Load(string directory)
    {
        string path = new RunDirectory(directory).MachinePath;
        if (!File.Exists(path)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var r = doc.RootElement;
            return new HtmlMachineInfo(
                r.GetProperty("os").GetString() ?? "?", r.GetProperty("architecture").GetString() ?? "?", r.GetProperty("cores").GetInt32(),
                r.GetProperty("dotnet").GetString() ?? "?", r.GetProperty("host").GetString() ?? "?");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IOException or FormatException)
        {
            return null;
        }
    }
}
