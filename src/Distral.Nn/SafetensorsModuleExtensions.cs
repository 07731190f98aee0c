namespace Distral.Nn;

/// <summary>Saves and loads a module's parameters by state-dict name in safetensors files.</summary>
public static class SafetensorsModuleExtensions
{
    /// <summary>Writes every parameter under its dotted name (atomically), with optional string metadata.</summary>
    public static void SaveSafetensors(this Module module, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        Safetensors.Save(path, module.StateDict(), metadata);
    }

    /// <summary>
    /// Loads parameters by name with shape checks (strict: missing and unexpected names are errors too) and
    /// returns the file's metadata. On any error the module is left unchanged.
    /// </summary>
    public static IReadOnlyDictionary<string, string> LoadSafetensors(this Module module, string path, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(module);
        var content = Safetensors.Load(path);
        try
        {
            module.LoadStateDict(content.Tensors, strict);
        }
        catch (Exception e) when (e is KeyNotFoundException or ArgumentException)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
        return content.Metadata;
    }
}
