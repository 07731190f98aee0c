using Distral.Tensors;

namespace Distral.Nn;

/// <summary>What a safetensors file holds: tensors by name (in sorted-name order) and the string metadata.</summary>
public sealed class SafetensorsContent(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string> metadata)
{
    /// <summary>Name -> standalone float32 tensor (converted from F16/BF16/F64 when stored so).</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors { get; } = tensors;

    /// <summary>The "__metadata__" map (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; } = metadata;
}
