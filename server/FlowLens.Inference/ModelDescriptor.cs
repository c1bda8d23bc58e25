namespace FlowLens.Inference;

/// <summary>Identifies a loaded model for logs, telemetry, and <c>ChatResponse.ModelId</c>.</summary>
/// <param name="Id">The file name without extension, e.g. "qwen2.5-coder-1.5b-instruct-q4_k_m".</param>
/// <param name="IsSynthetic">True for models produced by <see cref="TinyGgufWriter"/>: their output is noise.</param>
public sealed record ModelDescriptor(string Id, string Path, string Architecture, long Parameters, string FileType, bool IsSynthetic)
{
    public static ModelDescriptor FromInfo(GgufInfo info) => new(
        System.IO.Path.GetFileNameWithoutExtension(info.Path),
        info.Path,
        info.Architecture,
        info.ParameterCount,
        info.FileType,
        string.Equals(info.Name, TinyGgufWriter.SyntheticName, StringComparison.Ordinal));
}
