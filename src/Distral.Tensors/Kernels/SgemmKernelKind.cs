namespace Distral.Tensors.Kernels;

internal enum SgemmKernelKind
{
    Scalar,
    Avx2,
    Avx512,
}
