using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using FlowLens.Core.Context;
using Microsoft.Extensions.AI;

namespace FlowLens.Inference;

/// <summary>
/// <see cref="IChatClient"/> over an in-process <see cref="LlamaContext"/>. Honours Temperature, TopP, Seed,
/// MaxOutputTokens, StopSequences, ModelId (must match the loaded model), ResponseFormat (a JSON schema becomes a
/// grammar; plain JSON uses a generic JSON grammar) and the additional properties <c>grammar</c> (raw GBNF) and
/// <c>min_p</c>. Responses carry token usage and the cache counters (<c>reused_prompt_tokens</c>,
/// <c>decoded_prompt_tokens</c>, <c>prefill_ms</c>, <c>decode_ms</c>, <c>finish_reason</c>, <c>batched_sequences</c>) in
/// AdditionalProperties.
/// Requests are serialised by the context; when the context decodes several sequences, concurrent requests with the
/// same prompt (a draft's samples, self-consistency votes) are decoded together as one batch (non-streaming only).
/// </summary>
public sealed class LocalLlamaChatClient : IChatClient
{
    public const string ProviderName = "flowlens-llama";
    public const string GrammarProperty = "grammar";
    public const string MinPProperty = "min_p";

    /// <summary>An additional property: true asks for a generation that does not depend on earlier requests (no KV reuse).</summary>
    public const string ReproducibleProperty = "reproducible";

    private readonly LlamaContext _context;
    private readonly LlamaModel? _ownedModel;
    private readonly ChatClientMetadata _metadata;
    private readonly SampleBatcher? _batcher;

    /// <summary>Wraps an existing context; the caller keeps ownership of it and its model.</summary>
    public LocalLlamaChatClient(LlamaContext context)
        : this(context, ownedModel: null)
    {
    }

    private LocalLlamaChatClient(LlamaContext context, LlamaModel? ownedModel)
    {
        _context = context;
        _ownedModel = ownedModel;
        _metadata = new ChatClientMetadata(ProviderName, new Uri(context.Model.Descriptor.Path), context.Model.Descriptor.Id);
        _batcher = context.Sequences > 1 ? new SampleBatcher(context) : null;
    }

    public ModelDescriptor Model => _context.Model.Descriptor;

    /// <summary>How many concurrent requests for one prompt are decoded together.</summary>
    public int Sequences => _context.Sequences;

    /// <summary>Loads <paramref name="modelPath"/> and creates a context; disposing the client frees both.</summary>
    public static LocalLlamaChatClient Open(string modelPath, InferenceBackendOptions? options = null)
    {
        options ??= new InferenceBackendOptions();
        var model = LlamaModel.Load(modelPath, new LlamaModelOptions
        {
            GpuLayers = options.GpuLayers,
            Library = new NativeLibraryOptions { LibraryDirectory = options.LibraryDirectory, PreferCuda = options.PreferCuda },
        });
        try
        {
            var context = model.CreateContext(new LlamaContextOptions { ContextSize = options.ContextSize, Threads = options.Threads, Sequences = options.Sequences });
            return new LocalLlamaChatClient(context, model);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var prompt = BuildPrompt(messages);
        var generation = ToGenerationOptions(options);
        var (text, counters) = _batcher is not null
            ? await _batcher.GenerateAsync(prompt, generation, cancellationToken).ConfigureAwait(false)
            : await GenerateOneAsync(prompt, generation, cancellationToken).ConfigureAwait(false);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            ModelId = Model.Id,
            CreatedAt = DateTimeOffset.UtcNow,
            FinishReason = ToFinishReason(counters.FinishReason),
            Usage = ToUsage(counters),
            AdditionalProperties = ToProperties(counters),
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var responseId = Guid.NewGuid().ToString("N");
        await foreach (var piece in _context.GenerateAsync(BuildPrompt(messages), ToGenerationOptions(options), cancellationToken))
        {
            if (piece.Counters is { } counters)
            {
                yield return new ChatResponseUpdate(ChatRole.Assistant, [new TextContent(piece.Text), new UsageContent(ToUsage(counters))])
                {
                    ResponseId = responseId,
                    ModelId = Model.Id,
                    FinishReason = ToFinishReason(counters.FinishReason),
                    AdditionalProperties = ToProperties(counters),
                };
            }
            else if (piece.Text.Length > 0)
            {
                yield return new ChatResponseUpdate(ChatRole.Assistant, piece.Text) { ResponseId = responseId, ModelId = Model.Id };
            }
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType == typeof(ModelDescriptor) ? Model
            : serviceType == typeof(NativeLibrarySource) ? _context.Model.Library
            : serviceType == typeof(ITokenCounter) ? new LlamaTokenCounter(_context.Model)
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose()
    {
        if (_ownedModel is not null)
        {
            _context.Dispose();
            _ownedModel.Dispose();
        }
    }

    private async Task<GeneratedText> GenerateOneAsync(string prompt, GenerationOptions options, CancellationToken cancellationToken)
    {
        var (text, counters) = await _context.GenerateTextAsync(prompt, options, cancellationToken).ConfigureAwait(false);
        return new GeneratedText(text, counters);
    }

    internal string BuildPrompt(IEnumerable<ChatMessage> messages) =>
        _context.Model.ApplyChatTemplate(messages.Select(m => new ChatTurn(m.Role.Value, m.Text)).ToList());

    internal GenerationOptions ToGenerationOptions(ChatOptions? options)
    {
        var result = new GenerationOptions();
        if (options is null)
        {
            return result;
        }

        if (options.ModelId is { } modelId
            && !string.Equals(modelId, Model.Id, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(modelId, Model.Path, StringComparison.Ordinal))
        {
            throw new ArgumentException($"This client serves model '{Model.Id}'; the request asked for '{modelId}'. Create a client for that model instead.", nameof(options));
        }

        result = result with
        {
            Temperature = options.Temperature ?? result.Temperature,
            TopP = options.TopP ?? result.TopP,
            Seed = options.Seed is { } seed ? unchecked((uint)seed) : null,
            MaxTokens = options.MaxOutputTokens ?? result.MaxTokens,
            StopSequences = options.StopSequences?.ToArray() ?? [],
        };

        if (options.AdditionalProperties?.TryGetValue(MinPProperty, out var minP) == true && minP is not null)
        {
            result = result with { MinP = ToFloat(minP) };
        }

        if (options.AdditionalProperties?.TryGetValue(GrammarProperty, out var grammar) == true && grammar is not null)
        {
            result = result with { Grammar = grammar as string ?? (grammar is JsonElement { ValueKind: JsonValueKind.String } e ? e.GetString() : grammar.ToString()) };
        }

        if (options.AdditionalProperties?.TryGetValue(ReproducibleProperty, out var reproducible) == true && reproducible is true)
        {
            result = result with { ReusePromptCache = false };
        }

        if (options.ResponseFormat is ChatResponseFormatJson json)
        {
            result = json.Schema is { } schema
                ? result with { JsonSchema = schema }
                : result with { Grammar = result.Grammar ?? JsonSchemaGbnf.AnyJson };
        }

        return result;
    }

    private static float ToFloat(object value) => value switch
    {
        float f => f,
        double d => (float)d,
        JsonElement { ValueKind: JsonValueKind.Number } e => e.GetSingle(),
        _ => float.Parse(value.ToString()!, CultureInfo.InvariantCulture),
    };

    private static ChatFinishReason ToFinishReason(FinishReason reason) => reason switch
    {
        FinishReason.EndOfGeneration or FinishReason.StopSequence => ChatFinishReason.Stop,
        FinishReason.Length or FinishReason.ContextFull => ChatFinishReason.Length,
        _ => new ChatFinishReason("grammar_dead_end"),
    };

    private static UsageDetails ToUsage(GenerationCounters counters) => new()
    {
        InputTokenCount = counters.PromptTokens,
        OutputTokenCount = counters.GeneratedTokens,
        TotalTokenCount = counters.PromptTokens + counters.GeneratedTokens,
    };

    private static AdditionalPropertiesDictionary ToProperties(GenerationCounters counters) => new()
    {
        ["reused_prompt_tokens"] = counters.ReusedPromptTokens,
        ["decoded_prompt_tokens"] = counters.DecodedPromptTokens,
        ["prefill_ms"] = counters.PrefillMilliseconds,
        ["decode_ms"] = counters.DecodeMilliseconds,
        ["finish_reason"] = counters.FinishReason.ToString(),
        ["batched_sequences"] = counters.BatchedSequences,
    };
}
