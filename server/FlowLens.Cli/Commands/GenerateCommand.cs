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
        var prompt = new Option<string>("--prompt") { Description = "Prompt text (used as-is; no chat template).", Required = true };
        var grammar = new Option<FileInfo?>("--grammar") { Description = "A GBNF grammar file with a `root` rule." };
        var schema = new Option<FileInfo?>("--json-schema") { Description = "A JSON schema file; output is constrained to match it." };
        var seed = new Option<uint?>("--seed") { Description = "Sampling seed (default: random)." };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Maximum tokens to generate.", DefaultValueFactory = _ => 128 };
        var temperature = new Option<float>("--temperature") { Description = "Sampling temperature; 0 is greedy.", DefaultValueFactory = _ => 0.8f };
        var gpuLayers = new Option<int>("--gpu-layers") { Description = "Layers to offload to the GPU (-1 = all)." };
        var json = new Option<bool>("--json") { Description = "Print text and counters as one JSON object." };
        var command = new Command("generate", "Generate text with the in-process llama.cpp engine and report prefill/decode speed.");
        foreach (var option in new Option[] { model, prompt, grammar, schema, seed, maxTokens, temperature, gpuLayers, json })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            try
            {
                var path = result.GetValue(model) ?? await TinyModelCache.EnsureAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                using var llama = LlamaModel.Load(path, new LlamaModelOptions { GpuLayers = result.GetValue(gpuLayers) });
                using var context = llama.CreateContext();
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
                await foreach (var piece in context.GenerateAsync(result.GetValue(prompt)!, options, cancellationToken).ConfigureAwait(false))
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
            catch (Exception e) when (e is InferenceException or IOException or JsonException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
        });
        return command;
    }
}
