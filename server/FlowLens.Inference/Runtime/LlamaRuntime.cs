using System.Reflection;
using System.Runtime.InteropServices;
using FlowLens.Inference.Native;

namespace FlowLens.Inference.Runtime;

/// <summary>
/// One-time process setup: locate the libraries, route <c>[LibraryImport("llama")]</c>/<c>("ggml")</c> to them, load
/// the ggml backends (llama.cpp does not do it by itself), silence the log, and call <c>llama_backend_init</c>.
/// The first caller's options win; later callers get the same <see cref="NativeLibrarySource"/>.
/// </summary>
internal static unsafe class LlamaRuntime
{
    private static readonly Lock Gate = new();
    private static NativeLibrarySource? _source;
    private static nint _llama;
    private static nint _ggml;

    public static NativeLibrarySource? Current => _source;

    public static NativeLibrarySource EnsureInitialized(NativeLibraryOptions options)
    {
        lock (Gate)
        {
            if (_source is not null)
            {
                return _source;
            }

            var (source, ggml, llama) = Open(NativeLibrarySearch.ForCurrentProcess(options), NativeLibrary.Load, NativeLibrary.Free);
            _ggml = ggml;
            _llama = llama;
            NativeLibrary.SetDllImportResolver(typeof(LlamaRuntime).Assembly, Resolve);
            LlamaNative.llama_log_set(LlamaLog.Callback, null);
            GgmlNative.ggml_backend_load_all_from_path(source.Directory);
            LlamaNative.llama_backend_init();
            _source = source;
            return source;
        }
    }

    /// <summary>
    /// Loads the first library pair that loads, in search order. A pair that fails (a CUDA build without its driver or
    /// runtime, a damaged file) is skipped, and the one that loads says in its <see cref="NativeLibrarySource.Reason"/>
    /// what was skipped and why, so a user who expected the GPU learns why it is the CPU.
    /// </summary>
    internal static (NativeLibrarySource Source, nint Ggml, nint Llama) Open(NativeLibrarySearch search, Func<string, nint> load, Action<nint> free)
    {
        var searched = new List<string>();
        var failures = new List<string>();
        foreach (var source in NativeLibraryLocator.Sources(search, searched))
        {
            nint ggml = 0;
            try
            {
                ggml = load(source.GgmlPath);
                var llama = load(source.LlamaPath);
                var reason = failures.Count == 0 ? source.Reason : $"{source.Reason}; skipped: {string.Join("; ", failures)}";
                return (source with { Reason = reason }, ggml, llama);
            }
            catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
            {
                if (ggml != 0)
                {
                    free(ggml);
                }

                failures.Add($"{source.LlamaPath} could not be loaded ({LoaderError(e.Message)})");
            }
        }

        if (failures.Count > 0)
        {
            throw new NativeLibraryNotFoundException(
                "No llama.cpp build found here could be loaded: " + string.Join("; ", failures)
                + ". A CUDA build needs the NVIDIA driver and the CUDA runtime; install the CPU package (npm ci) to run on the CPU.");
        }

        throw new NativeLibraryNotFoundException(searched);
    }

    /// <summary>The loader error itself: .NET puts dlerror's text on the last line, after its generic advice.</summary>
    private static string LoaderError(string message) => message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? message;

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) => name switch
    {
        LlamaNative.Library => _llama,
        GgmlNative.Library => _ggml,
        _ => 0,
    };
}
