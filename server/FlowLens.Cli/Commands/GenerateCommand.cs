using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FlowLens.Inference;
using LlamaGenerationOptions = FlowLens.Inference.GenerationOptions;

namespace FlowLens.Cli.Commands;

/// <summary><c>flowlens generate --model FILE --prompt TEXT</c>: raw in-process generation, for checking a model and its speed.</summary>
internal static class GenerateCommand
{
    // Generated code is full of quotes and angle brackets; keep them readable in the JSON output.
    private static readonly JsonSerializerOptions JsonOutput = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = "A GGUF model file (default: the cached tiny random model)." };
        var prompt = new Option<string?>("--prompt") { Description = "Prompt text (used as-is; no chat template)." };
        var grammar = new Option<FileInfo?>("--grammar") { Description = "A GBNF grammar file with a `root` rule." };
        var schema = new Option<FileInfo?>("--json-schema") { Description = "A JSON schema file; output is constrained to match it." };
        var seed = new Option<uint?>("--seed") { Description = "Sampling seed (default: random)." };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Maximum tokens to generate.", DefaultValueFactory = _ => 128 };
        var temperature = new Option<float>("--temperature") { Description = "Sampling temperature; 0 is greedy.", DefaultValueFactory = _ => 0.8f };
        var gpuLayers = new Option<int>("--gpu-layers") { Description = "Layers to offload to the GPU (-1 = all)." };
        var json = new Option<bool>("--json") { Description = "Print text and counters as one JSON object." };
        var threads = new Option<int>("--threads") { Description = "Threads (0 = default: 1 below 50M parameters, else the cores, at most 8)." };
        var batch = new Option<int>("--batch") { Description = "Prompt tokens per llama_decode call (also the micro-batch).", DefaultValueFactory = _ => new LlamaContextOptions().BatchSize };
        var contextSize = new Option<int>("--context") { Description = "Context size in tokens.", DefaultValueFactory = _ => new LlamaContextOptions().ContextSize };
        var flashAttention = new Option<bool?>("--flash-attn") { Description = "Force flash attention on (true) or off (false); default: llama.cpp decides." };
        var promptFile = new Option<FileInfo?>("--prompt-file") { Description = "Read the prompt from a file (instead of --prompt)." };
        var command = new Command("generate", "Generate text with the in-process llama.cpp engine and report prefill/decode speed.");
        foreach (var option in new Option[] { model, prompt, promptFile, grammar, schema, seed, maxTokens, temperature, gpuLayers, threads, batch, contextSize, flashAttention, json })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            try
            {
                var path = result.GetValue(model) ?? await TinyModelCache.EnsureAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                using var llama = LlamaModel.Load(path, new LlamaModelOptions { GpuLayers = result.GetValue(gpuLayers) });
                var promptText = result.GetValue(promptFile) is { } file
                    ? await File.ReadAllTextAsync(file.FullName, cancellationToken).ConfigureAwait(false)
                    : result.GetValue(prompt) ?? throw new ArgumentException("Give --prompt or --prompt-file.");
                using var context = llama.CreateContext(new LlamaContextOptions
                {
                    Threads = result.GetValue(threads),
                    BatchSize = result.GetValue(batch),
                    ContextSize = result.GetValue(contextSize),
                    FlashAttention = result.GetValue(flashAttention),
                });
                using var schemaDocument = result.GetValue(schema) is { } schemaFile ? JsonDocument.Parse(await File.ReadAllTextAsync(schemaFile.FullName, cancellationToken).ConfigureAwait(false)) : null;
                var options = new LlamaGenerationOptions
                {
                    MaxTokens = result.GetValue(maxTokens),
                    Seed = result.GetValue(seed),
                    Temperature = result.GetValue(temperature),
                    Grammar = result.GetValue(grammar) is { } grammarFile ? await File.ReadAllTextAsync(grammarFile.FullName, cancellationToken).ConfigureAwait(false) : null,
                    JsonSchema = schemaDocument?.RootElement,
                };

                var asJson = result.GetValue(json);
                var text = new System.Text.StringBuilder();
                GenerationCounters? counters = null;
                await foreach (var piece in context.GenerateAsync(promptText, options, cancellationToken).ConfigureAwait(false))
                {
                    text.Append(piece.Text);
                    counters = piece.Counters ?? counters;
                    if (!asJson)
                    {
                        Console.Out.Write(piece.Text);
                    }
                }

                if (asJson)
                {
                    Console.Out.WriteLine(JsonSerializer.Serialize(new
                    {
                        model = llama.Descriptor.Id,
                        text = text.ToString(),
                        finishReason = counters!.FinishReason.ToString(),
                        promptTokens = counters.PromptTokens,
                        generatedTokens = counters.GeneratedTokens,
                        prefillMs = counters.PrefillMilliseconds,
                        decodeMs = counters.DecodeMilliseconds,
                        prefillTokensPerSecond = counters.PrefillTokensPerSecond,
                        decodeTokensPerSecond = counters.DecodeTokensPerSecond,
                        library = new { path = llama.Library.LlamaPath, cuda = llama.Library.IsCuda, reason = llama.Library.Reason },
                        devices = LlamaDevices.List().Select(d => new { name = d.Name, kind = d.Kind.ToString(), description = d.Description, totalBytes = d.TotalBytes }),
                    }, JsonOutput));
                }
                else
                {
                    Console.Out.WriteLine();
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"[{llama.Descriptor.Id}] {counters!.FinishReason}: prompt {counters.PromptTokens} tokens at {counters.PrefillTokensPerSecond:F1} tok/s, generated {counters.GeneratedTokens} tokens at {counters.DecodeTokensPerSecond:F1} tok/s"));
                }

                return 0;
            }
            catch (Exception e) when (e is InferenceException or IOException or JsonException or ArgumentException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
        });
        return command;
    }
}
