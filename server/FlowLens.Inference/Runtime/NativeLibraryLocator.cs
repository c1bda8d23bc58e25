namespace FlowLens.Inference.Runtime;

/// <summary>
/// Finds libllama in a fixed order: the explicit setting, <c>FLOWLENS_LLAMA_LIB_DIR</c>, the repository's
/// <c>node_modules/@node-llama-cpp/linux-x64(-cuda)/bins/*</c> (walking up from the binary and from the current
/// directory), then <c>runtimes/llama/</c> next to the binary. The first folder holding a libllama wins.
/// </summary>
internal static class NativeLibraryLocator
{
    private const string CpuPackage = "linux-x64";
    private const string CudaPackage = "linux-x64-cuda";

    public static NativeLibrarySource Locate(NativeLibrarySearch search)
    {
        var searched = new List<string>();
        return Sources(search, searched).FirstOrDefault() ?? throw new NativeLibraryNotFoundException(searched);
    }

    /// <summary>
    /// Every usable folder in search order, each as the library pair it would load; <paramref name="searched"/> collects
    /// the folders looked at. The runtime loads the first pair that loads, so a CUDA build that cannot load on this
    /// machine (no driver, no CUDA runtime) gives way to the next folder, usually the CPU package.
    /// </summary>
    public static IEnumerable<NativeLibrarySource> Sources(NativeLibrarySearch search, List<string> searched)
    {
        foreach (var (directory, reason) in Candidates(search))
        {
            searched.Add(directory);
            var found = Probe(directory, reason, search.Options.PreferCuda);
            if (found is not null)
            {
                yield return found;
            }
        }
    }

    private static IEnumerable<(string Directory, string Reason)> Candidates(NativeLibrarySearch search)
    {
        if (!string.IsNullOrWhiteSpace(search.Options.LibraryDirectory))
        {
            yield return (Path.GetFullPath(search.Options.LibraryDirectory), "explicit LibraryDirectory setting");
        }

        if (!string.IsNullOrWhiteSpace(search.EnvironmentDirectory))
        {
            yield return (Path.GetFullPath(search.EnvironmentDirectory), $"environment variable {NativeLibrarySearch.EnvironmentVariable}");
        }

        // The CUDA package is only considered when asked for: it needs a driver and is much larger to load.
        string[] packages = search.Options.PreferCuda ? [CudaPackage, CpuPackage] : [CpuPackage];
        foreach (var start in search.StartDirectories.Distinct(StringComparer.Ordinal))
        {
            for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            {
                foreach (var package in packages)
                {
                    var bins = Path.Combine(dir.FullName, "node_modules", "@node-llama-cpp", package, "bins");
                    if (!Directory.Exists(bins))
                    {
                        continue;
                    }

                    foreach (var platform in Directory.GetDirectories(bins).Order(StringComparer.Ordinal))
                    {
                        yield return (platform, $"node_modules package @node-llama-cpp/{package} found above {start}");
                    }
                }
            }
        }

        yield return (Path.Combine(search.BaseDirectory, "runtimes", "llama"), "runtimes/llama next to the FlowLens binary");
    }

    /// <summary>Picks the llama and ggml files in one folder; a CUDA build names them <c>libllama.cuda.*.so</c>.</summary>
    internal static NativeLibrarySource? Probe(string directory, string reason, bool preferCuda)
    {
        if (!Directory.Exists(directory))
        {
            return null;
        }

        var files = Directory.GetFiles(directory, "*.so").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        var llamaFiles = files.Where(f => f.StartsWith("libllama", StringComparison.Ordinal) && !f.StartsWith("libllama-", StringComparison.Ordinal)).ToList();
        var cudaLlama = llamaFiles.FirstOrDefault(f => f.StartsWith("libllama.cuda", StringComparison.Ordinal));
        var cpuLlama = llamaFiles.FirstOrDefault(f => !f.Contains(".cuda", StringComparison.Ordinal));
        var useCuda = preferCuda ? cudaLlama is not null : cpuLlama is null && cudaLlama is not null;
        var llama = useCuda ? cudaLlama : cpuLlama;
        if (llama is null)
        {
            return null;
        }

        // The ggml core library is the one libllama links against; it sits next to it with the same flavour.
        var ggmlFiles = files.Where(f => f.StartsWith("libggml", StringComparison.Ordinal) && !f.StartsWith("libggml-", StringComparison.Ordinal)).ToList();
        var ggml = useCuda
            ? ggmlFiles.FirstOrDefault(f => f.Contains(".cuda", StringComparison.Ordinal)) ?? ggmlFiles.FirstOrDefault()
            : ggmlFiles.FirstOrDefault(f => !f.Contains(".cuda", StringComparison.Ordinal));
        if (ggml is null)
        {
            return null;
        }

        return new NativeLibrarySource(directory, Path.Combine(directory, llama), Path.Combine(directory, ggml), reason, useCuda);
    }
}
