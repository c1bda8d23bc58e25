using System.Text.Json;
using Microsoft.Extensions.AI;

namespace FlowLens.Inference.Tests;

[Collection(LlamaCollection.Name)]
public sealed class LocalLlamaChatClientTests(TinyModelFixture fixture)
{
    private static readonly ChatMessage[] Messages = [new(ChatRole.System, "You review C#."), new(ChatRole.User, "Is this a bug?")];

    [Fact]
    public async Task Response_reports_usage_and_cache_counters()
    {
        var client = new LocalLlamaChatClient(fixture.Context);
        var response = await client.GetResponseAsync(Messages, new ChatOptions { MaxOutputTokens = 5, Seed = 1, Temperature = 0.5f });
        var again = await client.GetResponseAsync(Messages, new ChatOptions { MaxOutputTokens = 5, Seed = 1, Temperature = 0.5f });

        Assert.Equal(ChatRole.Assistant, response.Messages.Single().Role);
        Assert.Equal(5, response.Usage!.OutputTokenCount);
        Assert.True(response.Usage.InputTokenCount > 5);
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal(fixture.Model.Descriptor.Id, response.ModelId);
        Assert.Equal(response.Text, again.Text);
        Assert.Equal((int)again.Usage!.InputTokenCount! - 1, again.AdditionalProperties!["reused_prompt_tokens"]);
        Assert.Equal(1, again.AdditionalProperties["decoded_prompt_tokens"]);
        Assert.IsType<double>(again.AdditionalProperties["prefill_ms"]);
        Assert.IsType<double>(again.AdditionalProperties["decode_ms"]);
    }

    [Fact]
    public async Task Json_schema_response_format_constrains_the_output()
    {
        var client = new LocalLlamaChatClient(fixture.Context);
        using var schema = JsonDocument.Parse(GrammarPropertyTests.Schema);
        var options = new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement, "review"), Seed = 11, MaxOutputTokens = 256 };

        var response = await client.GetResponseAsync(Messages, options);

        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        GrammarPropertyTests.AssertValid(response.Text, 11);
    }

    [Fact]
    public async Task Plain_json_response_format_produces_a_json_object()
    {
        var client = new LocalLlamaChatClient(fixture.Context);
        var response = await client.GetResponseAsync(Messages, new ChatOptions { ResponseFormat = ChatResponseFormat.Json, Seed = 2, MaxOutputTokens = 400 });

        if (response.FinishReason == ChatFinishReason.Stop)
        {
            using var _ = JsonDocument.Parse(response.Text);
        }

        Assert.StartsWith("{", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grammar_and_min_p_additional_properties_are_honoured()
    {
        var client = new LocalLlamaChatClient(fixture.Context);
        var options = new ChatOptions
        {
            Seed = 3,
            AdditionalProperties = new AdditionalPropertiesDictionary
            {
                [LocalLlamaChatClient.GrammarProperty] = "root ::= (\"yes\" | \"no\") \".\"",
                [LocalLlamaChatClient.MinPProperty] = 0.2,
            },
        };

        var response = await client.GetResponseAsync(Messages, options);

        Assert.Contains(response.Text, new[] { "yes.", "no." });
        Assert.Equal(0.2f, client.ToGenerationOptions(options).MinP);
    }

    [Fact]
    public async Task Streaming_yields_text_then_a_final_update_with_usage()
    {
        var client = new LocalLlamaChatClient(fixture.Context);
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(Messages, new ChatOptions { MaxOutputTokens = 8, Seed = 5, StopSequences = ["\u0001"] }))
        {
            updates.Add(update);
        }

        var response = updates.ToChatResponse();
        var usage = updates.SelectMany(u => u.Contents).OfType<UsageContent>().Single();
        Assert.Equal(8, usage.Details.OutputTokenCount);
        Assert.NotNull(updates[^1].FinishReason);
        Assert.Equal(string.Concat(updates.Select(u => u.Text)), response.Text);
    }

    [Fact]
    public async Task Requesting_another_model_id_is_refused()
    {
        var client = new LocalLlamaChatClient(fixture.Context);
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync(Messages, new ChatOptions { ModelId = "gpt-4o" }));
        var ok = await client.GetResponseAsync(Messages, new ChatOptions { ModelId = fixture.Model.Descriptor.Id, MaxOutputTokens = 1 });
        Assert.Equal(1, ok.Usage!.OutputTokenCount);
    }

    [Fact]
    public void Metadata_and_descriptor_are_available_as_services()
    {
        var client = new LocalLlamaChatClient(fixture.Context);
        var metadata = client.GetService<ChatClientMetadata>();
        Assert.Equal(LocalLlamaChatClient.ProviderName, metadata!.ProviderName);
        Assert.Equal(fixture.Model.Descriptor, client.GetService<ModelDescriptor>());
    }

    [Fact]
    public async Task Factory_creates_a_local_client_that_owns_its_model()
    {
        using var client = ChatClientFactory.Create(new InferenceBackendOptions { ModelPath = fixture.ModelPath, ContextSize = 256 });
        var response = await client.GetResponseAsync("hello", new ChatOptions { MaxOutputTokens = 3, Seed = 1 });
        Assert.Equal(3, response.Usage!.OutputTokenCount);
        Assert.True(client.GetService<ModelDescriptor>()!.IsSynthetic);
    }

    [Fact]
    public void Factory_creates_ollama_and_openai_clients_without_contacting_them()
    {
        using var ollama = ChatClientFactory.Create(new InferenceBackendOptions { Backend = InferenceBackend.Ollama, OllamaModel = "qwen2.5-coder:1.5b", OllamaUrl = new Uri("http://127.0.0.1:1") });
        using var openai = ChatClientFactory.Create(new InferenceBackendOptions { Backend = InferenceBackend.OpenAI, OpenAIModel = "qwen", OpenAIUrl = new Uri("http://127.0.0.1:1/v1"), ApiKey = "k" });

        Assert.Equal("qwen2.5-coder:1.5b", ollama.GetService<ChatClientMetadata>()!.DefaultModelId);
        Assert.Equal("qwen", openai.GetService<ChatClientMetadata>()!.DefaultModelId);
        Assert.Throws<ArgumentException>(() => ChatClientFactory.Create(new InferenceBackendOptions { Backend = InferenceBackend.Ollama }));
        Assert.Throws<ArgumentException>(() => ChatClientFactory.Create(new InferenceBackendOptions()));
    }
}
