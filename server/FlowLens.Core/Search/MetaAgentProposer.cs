using FlowLens.Core.Capabilities;
using FlowLens.Core.Composition;
using Microsoft.Extensions.AI;

namespace FlowLens.Core.Search;

/// <summary>
/// Asks the meta-agent for a workflow in the SAME selection schema the one-pass composer uses
/// (<see cref="SelectionSchema"/>), and meters every call. Thread-safe: look-ahead rollouts share one proposer.
/// </summary>
public sealed class MetaAgentProposer
{
    private readonly IChatClient _model;
    private readonly CapabilityLibrary _library;
    private readonly ComposerOptions _options;
    private int _calls;
    private long _promptTokens;
    private long _outputTokens;

    public MetaAgentProposer(IChatClient model, CapabilityLibrary library, ComposerOptions options)
    {
        _model = model;
        _library = library;
        _options = options;
    }

    public CapabilityLibrary Library => _library;

    public int Calls => Volatile.Read(ref _calls);

    public long PromptTokens => Interlocked.Read(ref _promptTokens);

    public long OutputTokens => Interlocked.Read(ref _outputTokens);

    public async Task<Proposal> ProposeAsync(string prompt, ProposalPurpose purpose, int seed, float temperature, CancellationToken cancellationToken)
    {
        var options = new ChatOptions
        {
            Temperature = temperature,
            Seed = seed,
            MaxOutputTokens = _options.MaxOutputTokens,
            ResponseFormat = ChatResponseFormat.ForJsonSchema(SelectionSchema.Build(_library, _options.MaxCapabilities), "workflow_selection", "At most k chosen capabilities of the library, each with its parameters."),
            AdditionalProperties = new AdditionalPropertiesDictionary
            {
                ["flowlens.capability"] = "meta-agent",
                ["flowlens.search"] = purpose.ToString(),
            },
        };
        var response = await _model.GetResponseAsync([new ChatMessage(ChatRole.User, prompt)], options, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _calls);
        Interlocked.Add(ref _promptTokens, response.Usage?.InputTokenCount ?? 0);
        Interlocked.Add(ref _outputTokens, response.Usage?.OutputTokenCount ?? 0);
        try
        {
            var (selected, weights, _) = SelectionParser.Parse(response.Text, _library, _options.Threshold, _options.MaxCapabilities);
            return new Proposal(selected, weights, null);
        }
        catch (SelectionRejectedException e)
        {
            return new Proposal([], _library.Capabilities.ToDictionary(c => c.Id, _ => 0.0), e.Message);
        }
    }
}
