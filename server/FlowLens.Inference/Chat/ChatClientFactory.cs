using System.ClientModel;
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
            InferenceBackend.Ollama => new OllamaApiClient(
                options.OllamaUrl,
                options.OllamaModel ?? throw new ArgumentException("The Ollama backend needs OllamaModel (e.g. \"qwen2.5-coder:1.5b\").", nameof(options))),
            InferenceBackend.OpenAI => new OpenAI.Chat.ChatClient(
                options.OpenAIModel ?? throw new ArgumentException("The OpenAI backend needs OpenAIModel.", nameof(options)),
                new ApiKeyCredential(options.ApiKey ?? "no-key"),
                new OpenAIClientOptions { Endpoint = options.OpenAIUrl }).AsIChatClient(),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Backend, "Unknown inference backend."),
        };
    }
}
