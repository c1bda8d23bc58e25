namespace FlowLens.Inference;

/// <summary>What a GGUF header says about a model, read without loading any weights.</summary>
public sealed record GgufInfo
{
    public required string Path { get; init; }

    public required uint Version { get; init; }

    public required string Architecture { get; init; }

    public string? Name { get; init; }

    /// <summary>Sum of all tensor element counts.</summary>
    public required long ParameterCount { get; init; }

    /// <summary>The declared <c>general.file_type</c> name (e.g. "Q4_K_M"), or the dominant tensor type when absent.</summary>
    public required string FileType { get; init; }

    public int? ContextLength { get; init; }

    public int? EmbeddingLength { get; init; }

    public int? BlockCount { get; init; }

    public int? HeadCount { get; init; }

    public int? HeadCountKv { get; init; }

    public int VocabularySize { get; init; }

    public string? ChatTemplate { get; init; }

    public required int TensorCount { get; init; }

    /// <summary>Bytes of tensor data (the weights' memory footprint when loaded unquantized-as-is).</summary>
    public required long TensorDataBytes { get; init; }

    public required long FileSize { get; init; }
}
