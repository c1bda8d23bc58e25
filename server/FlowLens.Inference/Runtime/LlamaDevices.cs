using System.Runtime.InteropServices;
using FlowLens.Inference.Native;

namespace FlowLens.Inference;

/// <summary>
/// The compute devices the loaded llama.cpp build found on this machine. A CUDA build on a machine without a usable
/// NVIDIA driver lists only the CPU: that, not the library's name, decides whether offloaded layers run on a GPU.
/// </summary>
public static class LlamaDevices
{
    /// <summary>Loads the native libraries if needed (with <paramref name="options"/>) and lists their devices.</summary>
    public static unsafe IReadOnlyList<ComputeDevice> List(NativeLibraryOptions? options = null)
    {
        Runtime.LlamaRuntime.EnsureInitialized(options ?? new NativeLibraryOptions());
        var devices = new List<ComputeDevice>();
        var count = GgmlNative.ggml_backend_dev_count();
        for (nuint i = 0; i < count; i++)
        {
            var device = GgmlNative.ggml_backend_dev_get(i);
            nuint free = 0, total = 0;
            GgmlNative.ggml_backend_dev_memory(device, &free, &total);
            devices.Add(new ComputeDevice(
                Marshal.PtrToStringUTF8((nint)GgmlNative.ggml_backend_dev_name(device)) ?? "?",
                Marshal.PtrToStringUTF8((nint)GgmlNative.ggml_backend_dev_description(device)) ?? string.Empty,
                GgmlNative.ggml_backend_dev_type(device) switch
                {
                    GgmlBackendDeviceType.Cpu => ComputeDeviceKind.Cpu,
                    GgmlBackendDeviceType.Gpu => ComputeDeviceKind.Gpu,
                    GgmlBackendDeviceType.IntegratedGpu => ComputeDeviceKind.IntegratedGpu,
                    GgmlBackendDeviceType.Accelerator => ComputeDeviceKind.Accelerator,
                    _ => ComputeDeviceKind.Other,
                },
                (long)free,
                (long)total));
        }

        return devices;
    }
}
