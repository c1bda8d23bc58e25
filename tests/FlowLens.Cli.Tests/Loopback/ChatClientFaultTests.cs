using System.Diagnostics;
using FlowLens.Inference;
using Microsoft.Extensions.AI;

namespace FlowLens.Cli.Tests.Loopback;

/// <summary>The backends' chat clients, in process, against the scripted server: Ollama's faults read like the OpenAI-compatible ones, and limits hold to the second.</summary>
public sealed class ChatClientFaultTests
{
    private static readonly ServerRequestOptions Quick = new() { Timeout = TimeSpan.FromSeconds(30), MaxRetries = 1, RetryDelay = TimeSpan.FromMilliseconds(50) };

    [Fact]
    public async Task Ollama_refused_names_the_url_after_bounded_retries_and_reports_each_retry()
    {
        var url = new Uri(ScriptedOpenAIServer.ClosedPortUrl(), "/");
        var retries = new List<string>();
        using var client = ChatClientFactory.Create(new InferenceBackendOptions
        {
            Backend = InferenceBackend.Ollama,
            OllamaUrl = url,
            OllamaModel = "qwen2.5-coder:7b",
            Requests = Quick with { Retries = new Core.InlineProgress<string>(retries.Add) },
        });

        var e = await Assert.ThrowsAsync<ServerFaultException>(() => client.GetResponseAsync("hello"));

        Assert.Contains($"could not connect to {url}", e.Message, StringComparison.Ordinal);
        Assert.Contains("connection refused after 2 attempts", e.Message, StringComparison.Ordinal);
        Assert.Single(retries);
        Assert.Contains("retry 1 of 1", retries[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ollama_404_shows_the_servers_own_message()
    {
        await using var server = new ScriptedOpenAIServer(new ServerScript { Composition = new("{}"), Fault = ServerFault.NotFound });
        using var client = ChatClientFactory.Create(new InferenceBackendOptions { Backend = InferenceBackend.Ollama, OllamaUrl = new Uri(server.BaseUrl, "/"), OllamaModel = "nope", Requests = Quick });

        var e = await Assert.ThrowsAsync<ServerFaultException>(() => client.GetResponseAsync("hello"));

        Assert.Contains("answered 404", e.Message, StringComparison.Ordinal);
        Assert.Contains("The model `scripted` does not exist.", e.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData(InferenceBackend.OpenAI)]
    [InlineData(InferenceBackend.Ollama)]
    public async Task A_silent_server_ends_the_request_at_the_timeout(InferenceBackend backend)
    {
        await using var server = new ScriptedOpenAIServer(new ServerScript { Composition = new("{}"), Fault = ServerFault.NeverAnswer });
        using var client = ChatClientFactory.Create(new InferenceBackendOptions
        {
            Backend = backend,
            OpenAIUrl = server.BaseUrl,
            OpenAIModel = "scripted",
            OllamaUrl = new Uri(server.BaseUrl, "/"),
            OllamaModel = "scripted",
            Requests = Quick with { Timeout = TimeSpan.FromSeconds(1) },
        });
        var clock = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<ServerFaultException>(() => client.GetResponseAsync("hello"));

        Assert.Contains("no answer from http://127.0.0.1:", e.Message, StringComparison.Ordinal);
        Assert.Contains("within 1 s", e.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(server.Requests.Count <= 1, $"{server.Requests.Count} requests"); // a timeout is never retried: that would multiply the wait
    }

    [Fact]
    public async Task A_finish_reason_of_length_reaches_the_caller()
    {
        await using var server = new ScriptedOpenAIServer(new ServerScript { Composition = new("{}"), OtherSteps = new("{ return text", "length") });
        using var client = ChatClientFactory.Create(new InferenceBackendOptions { Backend = InferenceBackend.OpenAI, OpenAIUrl = server.BaseUrl, OpenAIModel = "scripted", Requests = Quick });

        var response = await client.GetResponseAsync("hello");

        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal("{ return text", response.Text);
    }

    [Fact]
    public void The_openai_backend_without_a_url_is_refused_before_any_call()
    {
        var e = Assert.Throws<ArgumentException>(() => ChatClientFactory.Create(new InferenceBackendOptions { Backend = InferenceBackend.OpenAI, OpenAIModel = "gpt-4o" }));
        Assert.Contains("never calls a public cloud you did not name", e.Message, StringComparison.Ordinal);
    }
}
