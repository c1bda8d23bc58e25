using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FlowLens.Inference;

namespace FlowLens.Cli.Commands;

/// <summary>
/// <c>flowlens model make-tiny OUT.gguf [--preset tiny|large|1b] [--quantize q4_0]</c>: write a random "llama" model for
/// tests and benchmarks. <c>--preset large</c> (about 370M parameters, 32000 tokens) and <c>1b</c> (about 1.26B) are written in F16 and then
/// quantized to Q4_0 with llama.cpp's own quantizer, for realistic throughput figures without a download.
/// </summary>
internal static class ModelMakeTinyCommand
{
    public static Command Create()
    {
        var output = new Argument<string>("OUT.gguf") { Description = "Where to write the model." };
        var preset = new Option<string>("--preset") { Description = "tiny (2 x 64, loads in milliseconds), large (24 x 1024, 32000 tokens, ~370M parameters) or 1b (22 x 2048, ~1.26B parameters).", DefaultValueFactory = _ => "tiny" };
        preset.AcceptOnlyFromAmong("tiny", "large", "1b");
        var seed = new Option<int>("--seed") { Description = "Seed for the random weights.", DefaultValueFactory = _ => 42 };
        var layers = new Option<int?>("--layers") { Description = "Transformer blocks (default: the preset's)." };
        var embedding = new Option<int?>("--embd") { Description = "Embedding width, a multiple of the head count (default: the preset's)." };
        var quantize = new Option<string?>("--quantize") { Description = "Quantize the written weights: none, f16, q8_0, q4_0 or q4_k_m (default: q4_0 for large, none for tiny)." };
        quantize.AcceptOnlyFromAmong("none", "f16", "q8_0", "q4_0", "q4_k_m");
        var threads = new Option<int>("--threads") { Description = "Quantization threads (0 = all).", DefaultValueFactory = _ => 0 };
        var command = new Command("make-tiny", "Write a random-weight GGUF model (output is noise; for tests and benchmarks).");
        command.Arguments.Add(output);
        foreach (var option in new Option[] { preset, seed, layers, embedding, quantize, threads })
        {
            command.Options.Add(option);
        }

        command.SetAction(result =>
        {
            var path = Path.GetFullPath(result.GetValue(output)!);
            var large = result.GetValue(preset) is "large" or "1b";
            var options = (result.GetValue(preset) switch { "large" => TinyModelOptions.Large, "1b" => TinyModelOptions.Billion, _ => new TinyModelOptions() }) with { Seed = result.GetValue(seed) };
            if (result.GetValue(layers) is { } layerCount)
            {
                options = options with { Layers = layerCount };
            }

            if (result.GetValue(embedding) is { } embd)
            {
                options = options with { Embedding = embd, FeedForward = large ? options.FeedForward : embd * 2 };
            }

            var target = (result.GetValue(quantize) ?? (large ? "q4_0" : "none")) switch
            {
                "f16" => LlamaFileType.F16,
                "q8_0" => LlamaFileType.Q8_0,
                "q4_0" => LlamaFileType.Q4_0,
                "q4_k_m" => LlamaFileType.Q4_K_M,
                _ => (LlamaFileType?)null,
            };

            var stopwatch = Stopwatch.StartNew();
            var temp = target is null ? null : Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Environment.ProcessId}.unquantized.tmp");
            try
            {
                TinyGgufWriter.Write(temp ?? path, options);
                var written = stopwatch.Elapsed;
                if (temp is not null)
                {
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {(options.HalfPrecision ? "F16" : "F32")} weights in {written.TotalSeconds:F1} s; quantizing to {target}..."));
                    LlamaQuantizer.Quantize(temp, path, target!.Value, result.GetValue(threads));
                }
            }
            catch (Exception e) when (e is ArgumentException or InferenceException or IOException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
            finally
            {
                if (temp is not null)
                {
                    File.Delete(temp);
                }
            }

            var info = GgufFile.ReadInfo(path);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {path}: {info.ParameterCount:N0} parameters, {info.FileSize:N0} bytes, {info.FileType} ({stopwatch.Elapsed.TotalSeconds:F1} s)"));
            return 0;
        });
        return command;
    }
}
