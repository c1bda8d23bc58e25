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

            var source = NativeLibraryLocator.Locate(NativeLibrarySearch.ForCurrentProcess(options));
            try
            {
                _ggml = NativeLibrary.Load(source.GgmlPath);
                _llama = NativeLibrary.Load(source.LlamaPath);
            }
            catch (DllNotFoundException e)
            {
                throw new NativeLibraryNotFoundException(
                    $"Found {source.LlamaPath} ({source.Reason}) but it could not be loaded: {e.Message}. "
                    + "A CUDA build needs the NVIDIA driver; set PreferCuda=false to use the CPU build.", e);
            }

            NativeLibrary.SetDllImportResolver(typeof(LlamaRuntime).Assembly, Resolve);
            LlamaNative.llama_log_set(LlamaLog.Callback, null);
            GgmlNative.ggml_backend_load_all_from_path(source.Directory);
            LlamaNative.llama_backend_init();
            _source = source;
            return source;
        }
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) => name switch
    {
        LlamaNative.Library => _llama,
        GgmlNative.Library => _ggml,
        _ => 0,
    };
}
