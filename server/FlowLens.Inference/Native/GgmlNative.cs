using System.Runtime.InteropServices;

namespace FlowLens.Inference.Native;

/// <summary>
/// The ggml entry points we need besides llama's: backends are plugins loaded from a folder, and the device registry
/// says which of them found hardware (a CUDA backend whose driver is missing registers no device).
/// </summary>
internal static unsafe partial class GgmlNative
{
    public const string Library = "ggml";

    /// <summary>Loads every <c>libggml-*.so</c> backend in <paramref name="directory"/>; without it llama reports "no backends are loaded".</summary>
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void ggml_backend_load_all_from_path(string directory);

    [LibraryImport(Library)]
    public static partial nuint ggml_backend_dev_count();

    [LibraryImport(Library)]
    public static partial GgmlBackendDevice ggml_backend_dev_get(nuint index);

    /// <summary>Owned by ggml for the life of the process; read, never freed.</summary>
    [LibraryImport(Library)]
    public static partial byte* ggml_backend_dev_name(GgmlBackendDevice device);

    /// <summary>Owned by ggml for the life of the process; read, never freed.</summary>
    [LibraryImport(Library)]
    public static partial byte* ggml_backend_dev_description(GgmlBackendDevice device);

    [LibraryImport(Library)]
    public static partial void ggml_backend_dev_memory(GgmlBackendDevice device, nuint* free, nuint* total);

    [LibraryImport(Library)]
    public static partial GgmlBackendDeviceType ggml_backend_dev_type(GgmlBackendDevice device);
}
