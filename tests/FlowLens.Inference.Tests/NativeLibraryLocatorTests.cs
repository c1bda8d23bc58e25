using FlowLens.Inference.Runtime;

namespace FlowLens.Inference.Tests;

public sealed class NativeLibraryLocatorTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "flowlens-locator-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Explicit_directory_wins_over_environment_and_node_modules()
    {
        var explicitDir = FakeLibraries("explicit", "libllama.v0.5.0.so", "libggml.v0.5.0.so");
        var envDir = FakeLibraries("env", "libllama.v0.5.0.so", "libggml.v0.5.0.so");
        var repo = FakeRepository(cuda: false);

        var source = NativeLibraryLocator.Locate(Search(new NativeLibraryOptions { LibraryDirectory = explicitDir }, envDir, repo));

        Assert.Equal(explicitDir, source.Directory);
        Assert.Contains("explicit", source.Reason, StringComparison.Ordinal);
        Assert.Equal(Path.Combine(explicitDir, "libggml.v0.5.0.so"), source.GgmlPath);
    }

    [Fact]
    public void Environment_variable_wins_over_node_modules()
    {
        var envDir = FakeLibraries("env", "libllama.v0.5.0.so", "libggml.v0.5.0.so");
        var repo = FakeRepository(cuda: false);

        var source = NativeLibraryLocator.Locate(Search(new NativeLibraryOptions(), envDir, repo));

        Assert.Equal(envDir, source.Directory);
        Assert.Contains(NativeLibrarySearch.EnvironmentVariable, source.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Node_modules_is_found_by_walking_up_from_a_nested_directory()
    {
        var repo = FakeRepository(cuda: false);
        var nested = Directory.CreateDirectory(Path.Combine(repo, "server", "bin", "Debug")).FullName;

        var source = NativeLibraryLocator.Locate(Search(new NativeLibraryOptions(), null, nested));

        Assert.EndsWith(Path.Combine("linux-x64", "bins", "linux-x64", "libllama.v0.5.0.so"), source.LlamaPath, StringComparison.Ordinal);
        Assert.False(source.IsCuda);
    }

    [Fact]
    public void Cuda_variant_is_chosen_only_when_preferred_and_present()
    {
        var repo = FakeRepository(cuda: true);

        var cuda = NativeLibraryLocator.Locate(Search(new NativeLibraryOptions { PreferCuda = true }, null, repo));
        var cpu = NativeLibraryLocator.Locate(Search(new NativeLibraryOptions(), null, repo));

        Assert.True(cuda.IsCuda);
        Assert.EndsWith("libllama.cuda.v0.5.0.so", cuda.LlamaPath, StringComparison.Ordinal);
        Assert.EndsWith("libggml.cuda.v0.5.0.so", cuda.GgmlPath, StringComparison.Ordinal);
        Assert.False(cpu.IsCuda);
        Assert.EndsWith("libllama.v0.5.0.so", cpu.LlamaPath, StringComparison.Ordinal);
    }

    [Fact]
    public void Preferring_cuda_falls_back_to_cpu_when_the_cuda_package_is_absent()
    {
        var repo = FakeRepository(cuda: false);

        var source = NativeLibraryLocator.Locate(Search(new NativeLibraryOptions { PreferCuda = true }, null, repo));

        Assert.False(source.IsCuda);
    }

    [Fact]
    public void Runtimes_folder_next_to_the_binary_is_the_last_resort()
    {
        var baseDir = Directory.CreateDirectory(Path.Combine(_root, "app")).FullName;
        var runtimes = FakeLibraries(Path.Combine("app", "runtimes", "llama"), "libllama.so", "libggml.so");

        var source = NativeLibraryLocator.Locate(new NativeLibrarySearch(new NativeLibraryOptions(), null, [baseDir], baseDir));

        Assert.Equal(runtimes, source.Directory);
        Assert.Contains("runtimes", source.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_libraries_throw_with_every_searched_path()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_root, "empty")).FullName;
        var missing = Path.Combine(_root, "nowhere");

        var error = Assert.Throws<NativeLibraryNotFoundException>(() =>
            NativeLibraryLocator.Locate(new NativeLibrarySearch(new NativeLibraryOptions { LibraryDirectory = missing }, null, [empty], empty)));

        Assert.Contains(missing, error.SearchedPaths);
        Assert.Contains(Path.Combine(empty, "runtimes", "llama"), error.SearchedPaths);
        Assert.Contains("FLOWLENS_LLAMA_LIB_DIR", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cuda_build_that_cannot_load_gives_way_to_the_cpu_build_and_says_why()
    {
        var repo = FakeRepository(cuda: true);
        var freed = new List<nint>();

        // What dlopen does on a machine without the CUDA runtime: the CUDA libllama cannot load, the CPU one can.
        var (source, ggml, llama) = LlamaRuntime.Open(
            Search(new NativeLibraryOptions { PreferCuda = true }, null, repo),
            path => path.Contains("linux-x64-cuda", StringComparison.Ordinal) && path.Contains("libllama", StringComparison.Ordinal)
                ? throw new DllNotFoundException("libcudart.so.13: cannot open shared object file")
                : path.Contains("libggml", StringComparison.Ordinal) ? 7 : 9,
            freed.Add);

        Assert.False(source.IsCuda);
        Assert.EndsWith(Path.Combine("linux-x64", "bins", "linux-x64", "libllama.v0.5.0.so"), source.LlamaPath, StringComparison.Ordinal);
        Assert.Contains("skipped: ", source.Reason, StringComparison.Ordinal);
        Assert.Contains("libllama.cuda.v0.5.0.so could not be loaded (libcudart.so.13: cannot open shared object file)", source.Reason, StringComparison.Ordinal);
        Assert.Equal((7, 9), (ggml, llama));
        Assert.Equal([7], freed);
    }

    [Fact]
    public void When_no_build_loads_the_error_lists_each_failure()
    {
        var repo = FakeRepository(cuda: true);

        var error = Assert.Throws<NativeLibraryNotFoundException>(() => LlamaRuntime.Open(
            Search(new NativeLibraryOptions { PreferCuda = true }, null, repo),
            path => throw new DllNotFoundException("invalid ELF header"),
            _ => { }));

        Assert.Contains("libllama.cuda.v0.5.0.so could not be loaded (invalid ELF header)", error.Message, StringComparison.Ordinal);
        Assert.Contains("libllama.v0.5.0.so could not be loaded (invalid ELF header)", error.Message, StringComparison.Ordinal);
        Assert.Contains("CUDA build needs the NVIDIA driver", error.Message, StringComparison.Ordinal);
    }

    private static NativeLibrarySearch Search(NativeLibraryOptions options, string? env, string start) => new(options, env, [start], start);

    private string FakeLibraries(string relative, params string[] files)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_root, relative)).FullName;
        foreach (var file in files)
        {
            File.WriteAllText(Path.Combine(dir, file), "");
        }

        return dir;
    }

    private string FakeRepository(bool cuda)
    {
        FakeLibraries(Path.Combine("repo", "node_modules", "@node-llama-cpp", "linux-x64", "bins", "linux-x64"), "libllama.v0.5.0.so", "libggml.v0.5.0.so", "libggml-base.so", "libllama-common.so");
        if (cuda)
        {
            FakeLibraries(Path.Combine("repo", "node_modules", "@node-llama-cpp", "linux-x64-cuda", "bins", "linux-x64-cuda"), "libllama.cuda.v0.5.0.so", "libggml.cuda.v0.5.0.so", "libggml-base.so", "libggml-cuda.so");
        }

        return Path.Combine(_root, "repo");
    }
}
