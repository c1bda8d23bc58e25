using System.Text.Json;

namespace FlowLens.Cli.Tests;

/// <summary>
/// Asking for GPU layers where the CUDA build cannot load (here: a damaged one named by FLOWLENS_LLAMA_LIB_DIR; on a
/// user's machine: no driver or CUDA runtime) still generates, on the CPU build, and says what was skipped and why.
/// </summary>
public sealed class GpuFallbackTests : IDisposable
{
    private readonly DirectoryInfo _home = Directory.CreateTempSubdirectory("flowlens-gpu-fallback-");

    public void Dispose() => _home.Delete(recursive: true);

    [Fact]
    public async Task A_cuda_build_that_cannot_load_falls_back_to_the_cpu_build()
    {
        var model = Path.Combine(_home.FullName, "tiny.gguf");
        var (made, _, makeErrors) = await FlowLensProcess.RunAsync(_home.FullName, "model", "make-tiny", model);
        Assert.True(made == 0, makeErrors);
        var cuda = Directory.CreateDirectory(Path.Combine(_home.FullName, "cuda")).FullName;
        await File.WriteAllTextAsync(Path.Combine(cuda, "libllama.cuda.v0.5.0.so"), "not a shared library");
        await File.WriteAllTextAsync(Path.Combine(cuda, "libggml.cuda.v0.5.0.so"), "not a shared library");

        var (exit, stdout, stderr) = await FlowLensProcess.RunAsync(
            _home.FullName,
            new Dictionary<string, string> { ["FLOWLENS_LLAMA_LIB_DIR"] = cuda },
            "generate", "--model", model, "--prompt", "hi", "--max-tokens", "4", "--gpu-layers", "-1", "--json");

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var library = json.RootElement.GetProperty("library");
        Assert.False(library.GetProperty("cuda").GetBoolean());
        Assert.EndsWith("libllama.v0.5.0.so", library.GetProperty("path").GetString(), StringComparison.Ordinal);
        Assert.Contains($"skipped: {Path.Combine(cuda, "libllama.cuda.v0.5.0.so")} could not be loaded (", library.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var kinds = json.RootElement.GetProperty("devices").EnumerateArray().Select(d => d.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["Cpu"], kinds);
    }
}
