using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OllamaSharp;
using OpenAI;

namespace FlowLens.Inference;

/// <summary>Creates the <see cref="IChatClient"/> for an <see cref="InferenceBackendOptions"/>; callers own the result.</summary>
public static class ChatClientFactory
{
    public static IChatClient Create(InferenceBackendOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Backend switch
        {
            InferenceBackend.Local => LocalLlamaChatClient.Open(
                options.ModelPath ?? throw new ArgumentException("The Local backend needs ModelPath (a .gguf file).", nameof(options)),
                options),
            InferenceBackend.Ollama => Ollama(options),
            InferenceBackend.OpenAI => OpenAICompatible(options),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Backend, "Unknown inference backend."),
        };
    }

    private static ServerFaultChatClient Ollama(InferenceBackendOptions options)
    {
        var model = options.OllamaModel ?? throw new ArgumentException("The Ollama backend needs OllamaModel (e.g. \"qwen2.5-coder:1.5b\").", nameof(options));
        var http = new HttpClient(new ServerFaultHandler(options.OllamaUrl, options.Requests, expectOpenAIChoices: false)) { BaseAddress = options.OllamaUrl, Timeout = Timeout.InfiniteTimeSpan };
        return new ServerFaultChatClient(new OllamaApiClient(http, model), options.OllamaUrl, options.Requests);
    }

    private static ServerFaultChatClient OpenAICompatible(InferenceBackendOptions options)
    {
        // Offline first: without a URL the client library would call the public OpenAI cloud, which the user never named.
        var url = options.OpenAIUrl ?? throw new ArgumentException("The OpenAI-compatible backend needs its server's URL (--openai-url or flowlens.openai.url, e.g. http://gpu-box:8000/v1); FlowLens never calls a public cloud you did not name.", nameof(options));
        var model = options.OpenAIModel ?? throw new ArgumentException("The OpenAI-compatible backend needs a model name (--openai-model or flowlens.openai.model).", nameof(options));
        var http = new HttpClient(new ServerFaultHandler(url, options.Requests, expectOpenAIChoices: true, new SampleCountHandler())) { Timeout = Timeout.InfiniteTimeSpan };
        var client = new OpenAI.Chat.ChatClient(
            model,
            new ApiKeyCredential(options.ApiKey ?? "no-key"),
            new OpenAIClientOptions
            {
                Endpoint = url,
                Transport = new HttpClientPipelineTransport(http),
                // Retries are the fault handler's, bounded and reported; the library's own would add minutes unseen.
                RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
                NetworkTimeout = options.Requests.Timeout + TimeSpan.FromSeconds(5),
            });
        return new ServerFaultChatClient(new SampleCountChatClient(new StrictSchemaChatClient(client.AsIChatClient())), url, options.Requests);
    }
}
