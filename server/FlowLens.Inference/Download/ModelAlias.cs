namespace FlowLens.Inference;

/// <summary>A short name for a well-known GGUF download.</summary>
public sealed record ModelAlias(string Name, Uri Url, string? Sha256, string Description);
