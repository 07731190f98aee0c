using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Distral.Tensors.Kernels;

/// <summary>Per-thread packing buffers: grown on demand, never shrunk, so steady-state calls allocate nothing.</summary>
internal sealed unsafe class PackBuffers
{
    [ThreadStatic] private static PackBuffers? t_current;

    private float[] _a = [], _b = [], _tile = [];
    private float* _aPtr, _bPtr, _tilePtr;

    public static PackBuffers ForThisThread => t_current ??= new PackBuffers();

    public float* A(int floats) => floats <= _a.Length - 16 ? _aPtr : Grow(ref _a, ref _aPtr, floats);
    public float* B(int floats) => floats <= _b.Length - 16 ? _bPtr : Grow(ref _b, ref _bPtr, floats);
    public float* Tile => _tilePtr != null ? _tilePtr : Grow(ref _tile, ref _tilePtr, Sgemm.MR * Sgemm.NR);

    private static float* Grow(ref float[] array, ref float* ptr, int floats)
    {
        // Pinned (never moves) with 16 spare floats so the start can be aligned to a 64-byte cache line.
        array = GC.AllocateUninitializedArray<float>(floats + 16, pinned: true);
        float* p = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        ptr = (float*)(((nint)p + 63) & ~(nint)63);
        return ptr;
    }
}
