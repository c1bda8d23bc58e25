using FlowLens.Core.Sampling;
using FlowLens.Core.Tests.Doubles;
using Microsoft.Extensions.AI;

namespace FlowLens.Core.Tests.Sampling;

public sealed class ChatSamplesTests
{
    private static readonly int[] Seeds = [5, 6, 7, 8];

    [Fact]
    public async Task A_backend_that_offers_no_count_gets_one_request_per_seed()
    {
        using var model = new ChoiceCountingChatClient(offersCount: false, choices: 4);

        var samples = await ChatSamples.GetAsync(model, Messages(), new ChatOptions(), Seeds, CancellationToken.None);

        Assert.Equal(["seed 5", "seed 6", "seed 7", "seed 8"], samples.Select(s => s.Text));
        Assert.Equal([(5, 1), (6, 1), (7, 1), (8, 1)], model.Requests.OrderBy(r => r.Seed));
    }

    [Fact]
    public async Task A_backend_that_answers_every_sample_at_once_gets_one_request_with_the_first_seed()
    {
        using var model = new ChoiceCountingChatClient(offersCount: true, choices: 4);

        var samples = await ChatSamples.GetAsync(model, Messages(), new ChatOptions(), Seeds, CancellationToken.None);

        Assert.Equal(["seed 5", "seed 5 choice 1", "seed 5 choice 2", "seed 5 choice 3"], samples.Select(s => s.Text));
        Assert.Equal((5, 4), Assert.Single(model.Requests));
    }

    [Fact]
    public async Task Samples_a_backend_did_not_send_are_asked_for_with_their_own_seeds_and_those_received_are_kept()
    {
        using var model = new ChoiceCountingChatClient(offersCount: true, choices: 2);

        var samples = await ChatSamples.GetAsync(model, Messages(), new ChatOptions(), Seeds, CancellationToken.None);

        Assert.Equal(["seed 5", "seed 5 choice 1", "seed 7", "seed 8"], samples.Select(s => s.Text));
        Assert.Equal([(5, 4), (7, 1), (8, 1)], model.Requests.OrderBy(r => r.Seed));
    }

    [Fact]
    public async Task The_callers_options_are_not_changed()
    {
        using var model = new ChoiceCountingChatClient(offersCount: true, choices: 1);
        var options = new ChatOptions { Seed = 99, AdditionalProperties = new() { ["flowlens.capability"] = "draft" } };

        await ChatSamples.GetAsync(model, Messages(), options, Seeds, CancellationToken.None);

        Assert.Equal(99, options.Seed);
        Assert.False(options.AdditionalProperties.ContainsKey(ChatSamples.CountProperty));
    }

    private static List<ChatMessage> Messages() => [new(ChatRole.User, "Write the body.")];
}
