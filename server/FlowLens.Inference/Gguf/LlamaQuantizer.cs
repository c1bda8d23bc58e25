using FlowLens.Inference.Native;
using FlowLens.Inference.Runtime;

namespace FlowLens.Inference;

/// <summary>Re-encodes a GGUF model's weights with <c>llama_model_quantize</c> (the same code as llama-quantize).</summary>
public static unsafe class LlamaQuantizer
{
    /// <summary>Writes <paramref name="outputPath"/>: <paramref name="inputPath"/> (F32/F16 weights) quantized to <paramref name="type"/>.</summary>
    /// <param name="threads">Worker threads; 0 lets llama.cpp use every hardware thread.</param>
    /// <exception cref="ModelFileException">The input is missing or not a GGUF file.</exception>
    /// <exception cref="InferenceException">llama.cpp reported a failure (see the log for the reason).</exception>
    public static void Quantize(string inputPath, string outputPath, LlamaFileType type, int threads = 0, NativeLibraryOptions? library = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        var input = Path.GetFullPath(inputPath);
        var output = Path.GetFullPath(outputPath);
        if (string.Equals(input, output, StringComparison.Ordinal))
        {
            throw new ArgumentException("The quantized model must be written to a different file than its input.", nameof(outputPath));
        }

        GgufFile.ReadInfo(input);
        LlamaRuntime.EnsureInitialized(library ?? new NativeLibraryOptions());
        var parameters = LlamaNative.llama_model_quantize_default_params();
        parameters.NThread = threads;
        parameters.FType = (int)type;
        var result = LlamaNative.llama_model_quantize(input, output, &parameters);
        if (result != 0)
        {
            throw new InferenceException($"llama_model_quantize failed ({result}) for {input} -> {output} as {type}; set FLOWLENS_LLAMA_LOG=1 to see llama.cpp's reason.");
        }
    }
}
