namespace FlowLens.Inference;

/// <summary>The native libraries actually used, and why that location won (for `flowlens model info` and bug reports).</summary>
public sealed record NativeLibrarySource(string Directory, string LlamaPath, string GgmlPath, string Reason, bool IsCuda);
