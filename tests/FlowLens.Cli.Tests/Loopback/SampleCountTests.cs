using FlowLens.Core.Sampling;
using FlowLens.Inference;
using Microsoft.Extensions.AI;

namespace FlowLens.Cli.Tests.Loopback;

/// <summary>
/// Several samples of one prompt from the OpenAI-compatible backend, in process, against each way a server treats
/// <c>n</c>: honoured (one request), ignored (one choice, the rest asked for on their own) and refused (400, asked
/// again without it); the last two are remembered, so the next step asks for each sample on its own at once.
/// </summary>
public sealed class SampleCountTests
{
    private static readonly int[] Seeds = [11, 22, 33, 44];

    [Fact]
    public async Task A_server_that_honours_n_gets_one_request_for_four_samples()
    {
        await using var server = new ScriptedOpenAIServer(Script(SampleCountAnswer.Honoured));
        using var client = Create(server);

        var samples = await ChatSamples.GetAsync(client, Messages(), Options(), Seeds, CancellationToken.None);

        Assert.Equal(4, samples.Count);
        Assert.All(samples, s => Assert.Equal("return text;", s.Text));
        var request = Assert.Single(server.Requests).Body!;
        Assert.Equal(4, request["n"]!.GetValue<int>());
        Assert.Equal(11, request["seed"]!.GetValue<int>());
        Assert.Null(request["flowlens.samples"]);
        Assert.True(client.GetService<ISampleCountSupport>()!.MayAnswerSeveral);

        // Still trusted: the next step's samples are one request again.
        await ChatSamples.GetAsync(client, Messages(), Options(), Seeds, CancellationToken.None);
        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal(4, r.Body!["n"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_server_that_answers_one_choice_gets_the_rest_as_separate_requests_and_is_remembered()
    {
        await using var server = new ScriptedOpenAIServer(Script(SampleCountAnswer.OneChoice));
        using var client = Create(server);

        var samples = await ChatSamples.GetAsync(client, Messages(), Options(), Seeds, CancellationToken.None);

        Assert.Equal(4, samples.Count);
        Assert.All(samples, s => Assert.Equal("return text;", s.Text));
        var requests = server.Requests.Select(r => r.Body!).ToList();
        Assert.Equal(4, requests.Count);
        var counted = Assert.Single(requests, r => r["n"] is not null);
        Assert.Equal(4, counted["n"]!.GetValue<int>());
        Assert.Equal(11, counted["seed"]!.GetValue<int>());
        // The received sample is kept; only the missing three are asked for, each with its own seed.
        Assert.Equal([22, 33, 44], requests.Where(r => r["n"] is null).Select(r => r["seed"]!.GetValue<int>()).Order());
        Assert.False(client.GetService<ISampleCountSupport>()!.MayAnswerSeveral);

        await ChatSamples.GetAsync(client, Messages(), Options(), Seeds, CancellationToken.None);
        var next = server.Requests.Skip(4).Select(r => r.Body!).ToList();
        Assert.Equal(4, next.Count);
        Assert.All(next, r => Assert.Null(r["n"]));
        Assert.Equal([11, 22, 33, 44], next.Select(r => r["seed"]!.GetValue<int>()).Order());
    }

    [Fact]
    public async Task A_server_that_refuses_n_with_400_is_asked_again_without_it_and_is_remembered()
    {
        await using var server = new ScriptedOpenAIServer(Script(SampleCountAnswer.Refused));
        using var client = Create(server);

        var samples = await ChatSamples.GetAsync(client, Messages(), Options(), Seeds, CancellationToken.None);

        Assert.Equal(4, samples.Count);
        Assert.All(samples, s => Assert.Equal("return text;", s.Text));
        var requests = server.Requests.Select(r => r.Body!).ToList();
        Assert.Equal(5, requests.Count);
        Assert.Equal(4, requests[0]["n"]!.GetValue<int>());
        Assert.Null(requests[1]["n"]);
        Assert.Equal(11, requests[1]["seed"]!.GetValue<int>());
        Assert.Equal([22, 33, 44], requests.Skip(2).Select(r => r["seed"]!.GetValue<int>()).Order());
        Assert.False(client.GetService<ISampleCountSupport>()!.MayAnswerSeveral);

        await ChatSamples.GetAsync(client, Messages(), Options(), Seeds, CancellationToken.None);
        Assert.Equal(9, server.Requests.Count);
        Assert.All(server.Requests.Skip(5), r => Assert.Null(r.Body!["n"]));
    }

    [Theory]
    [InlineData(SampleCountAnswer.OneChoice, 1, 8)]
    [InlineData(SampleCountAnswer.Honoured, 2, 2)]
    public async Task Steps_sampling_at_once_wait_for_the_first_answer_about_n_rather_than_all_try_it(SampleCountAnswer answer, int withCount, int requests)
    {
        await using var server = new ScriptedOpenAIServer(Script(answer) with { Fault = ServerFault.Slow, Delay = TimeSpan.FromMilliseconds(300) });
        using var client = Create(server);

        var both = await Task.WhenAll(
            ChatSamples.GetAsync(client, Messages(), Options(), Seeds, CancellationToken.None),
            ChatSamples.GetAsync(client, Messages(), Options(), [55, 66, 77, 88], CancellationToken.None));

        Assert.All(both, samples => Assert.Equal(4, samples.Count));
        Assert.Equal(withCount, server.Requests.Count(r => r.Body!["n"] is not null));
        Assert.Equal(requests, server.Requests.Count);
    }

    [Fact]
    public async Task One_sample_never_asks_for_a_count()
    {
        await using var server = new ScriptedOpenAIServer(Script(SampleCountAnswer.Refused));
        using var client = Create(server);

        var samples = await ChatSamples.GetAsync(client, Messages(), Options(), [7], CancellationToken.None);

        Assert.Equal("return text;", Assert.Single(samples).Text);
        var request = Assert.Single(server.Requests).Body!;
        Assert.Null(request["n"]);
        Assert.Equal(7, request["seed"]!.GetValue<int>());
        Assert.True(client.GetService<ISampleCountSupport>()!.MayAnswerSeveral);
    }

    private static ServerScript Script(SampleCountAnswer answer) =>
        new() { Composition = new("{}"), OtherSteps = new("return text;"), SampleCount = answer };

    private static IChatClient Create(ScriptedOpenAIServer server) => ChatClientFactory.Create(new InferenceBackendOptions
    {
        Backend = InferenceBackend.OpenAI,
        OpenAIUrl = server.BaseUrl,
        OpenAIModel = "scripted",
        Requests = new ServerRequestOptions { Timeout = TimeSpan.FromSeconds(30), MaxRetries = 0 },
    });

    private static List<ChatMessage> Messages() => [new(ChatRole.System, "You are one step."), new(ChatRole.User, "Write the body.")];

    private static ChatOptions Options() => new() { Temperature = 0.8f, MaxOutputTokens = 256 };
}
