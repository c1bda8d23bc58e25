namespace FlowLens.Inference.Runtime;

/// <summary>The inputs of a library search, separated from the process so the order can be tested.</summary>
internal sealed record NativeLibrarySearch(
    NativeLibraryOptions Options,
    string? EnvironmentDirectory,
    IReadOnlyList<string> StartDirectories,
    string BaseDirectory)
{
    public const string EnvironmentVariable = "FLOWLENS_LLAMA_LIB_DIR";

    public static NativeLibrarySearch ForCurrentProcess(NativeLibraryOptions options) => new(
        options,
        Environment.GetEnvironmentVariable(EnvironmentVariable),
        [AppContext.BaseDirectory, Environment.CurrentDirectory],
        AppContext.BaseDirectory);
}
