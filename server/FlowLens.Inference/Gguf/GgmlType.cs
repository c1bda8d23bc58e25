namespace FlowLens.Inference.Gguf;

/// <summary>Tensor element types and their storage (block size, bytes per block) for the types we can size.</summary>
internal static class GgmlType
{
    public const uint F32 = 0;
    public const uint F16 = 1;

    private static readonly Dictionary<uint, (int BlockSize, int BlockBytes, string Name)> Traits = new()
    {
        [0] = (1, 4, "F32"),
        [1] = (1, 2, "F16"),
        [2] = (32, 18, "Q4_0"),
        [3] = (32, 20, "Q4_1"),
        [6] = (32, 22, "Q5_0"),
        [7] = (32, 24, "Q5_1"),
        [8] = (32, 34, "Q8_0"),
        [9] = (32, 36, "Q8_1"),
        [10] = (256, 84, "Q2_K"),
        [11] = (256, 110, "Q3_K"),
        [12] = (256, 144, "Q4_K"),
        [13] = (256, 176, "Q5_K"),
        [14] = (256, 210, "Q6_K"),
        [15] = (256, 292, "Q8_K"),
        [20] = (32, 18, "IQ4_NL"),
        [23] = (256, 136, "IQ4_XS"),
        [24] = (1, 1, "I8"),
        [25] = (1, 2, "I16"),
        [26] = (1, 4, "I32"),
        [27] = (1, 8, "I64"),
        [28] = (1, 8, "F64"),
        [30] = (1, 2, "BF16"),
    };

    /// <summary>Bytes a tensor of <paramref name="elements"/> occupies, or null for a type we do not know.</summary>
    public static long? ByteSize(uint type, long elements) =>
        Traits.TryGetValue(type, out var t) ? elements / t.BlockSize * t.BlockBytes : null;

    public static string Name(uint type) => Traits.TryGetValue(type, out var t) ? t.Name : $"type {type}";
}
