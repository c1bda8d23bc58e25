namespace FlowLens.Inference;

/// <summary>The llama.cpp shared libraries were not found in any searched location.</summary>
public sealed class NativeLibraryNotFoundException : InferenceException
{
    public NativeLibraryNotFoundException()
    {
    }

    public NativeLibraryNotFoundException(string message)
        : base(message)
    {
    }

    public NativeLibraryNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public NativeLibraryNotFoundException(IReadOnlyList<string> searchedPaths)
        : base(BuildMessage(searchedPaths))
    {
        SearchedPaths = searchedPaths;
    }

    public IReadOnlyList<string> SearchedPaths { get; } = [];

    private static string BuildMessage(IReadOnlyList<string> searchedPaths) =>
        "The llama.cpp native library (libllama*.so) was not found. Run `npm install` at the repository root, set "
        + "FLOWLENS_LLAMA_LIB_DIR to a folder containing libllama*.so and libggml*.so, or pass a library directory. Searched:"
        + Environment.NewLine + string.Join(Environment.NewLine, searchedPaths.Select(p => "  " + p));
}
