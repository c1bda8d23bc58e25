using System.Runtime.InteropServices;

namespace FlowLens.Inference.Native;

/// <summary>The ggml entry points we need before llama can run: backends are plugins loaded from a folder.</summary>
internal static partial class GgmlNative
{
    public const string Library = "ggml";

    /// <summary>Loads every <c>libggml-*.so</c> backend in <paramref name="directory"/>; without it llama reports "no backends are loaded".</summary>
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void ggml_backend_load_all_from_path(string directory);
}
