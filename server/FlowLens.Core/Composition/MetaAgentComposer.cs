using System.Diagnostics;
using System.Globalization;
using System.Text;
using FlowLens.Core.Capabilities;
using FlowLens.Core.Context;
using FlowLens.Core.Learning;
using FlowLens.Core.Tasks;
using Microsoft.Extensions.AI;

namespace FlowLens.Core.Composition;

/// <summary>
/// The one-pass meta-agent: ONE model call whose prompt holds the task, the target signature, the library
/// catalogue, the learned priors and two contrastive exemplars, and whose output is constrained by a schema
/// generated from the library (valid ids and parameter ranges only). Output that still cannot be used is repaired
/// (clamped, unknown ids dropped) or, if unreadable, rejected and replaced by the prior-only selection, with the
/// reason recorded.
/// </summary>
public sealed class MetaAgentComposer : IComposer
{
    private readonly IChatClient _model;
    private readonly CapabilityLibrary _library;
    private readonly string _template;
    private readonly PriorStore _priors;
    private readonly ReplayBuffer _replay;
    private readonly ComposerOptions _options;
    private readonly PriorOnlyComposer _fallback;
    private readonly ITaskContextSource? _context;

    /// <param name="context">Where the task's workspace context comes from: the prompt gets its summary.</param>
    public MetaAgentComposer(IChatClient model, CapabilityLibrary library, string template, PriorStore priors, ReplayBuffer replay, ComposerOptions options, ITaskContextSource? context = null)
    {
        _context = context;
        _model = model;
        _library = library;
        _template = template;
        _priors = priors;
        _replay = replay;
        _options = options;
        _fallback = new PriorOnlyComposer(library, priors, options);
    }

    public string Name => "one-pass";

    public string BuildPrompt(TaskTarget target, TaskContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        var features = TaskFeatures.Of(target);
        var priors = new StringBuilder();
        foreach (var capability in _library.Capabilities)
        {
            var p = _priors.Get(capability, features.Kind);
            priors.AppendLine(CultureInfo.InvariantCulture, $"- {capability.Id}: {p.Mean:+0.00;-0.00} ± {p.StandardError:0.00} (n={p.Count})");
        }

        var pair = _replay.DrawContrastivePair(features.Kind, new Random(_options.Seed), _options.ExemplarTemperature);
        var exemplars = pair is { } x
            ? $"- better (score {x.Better.Score:0.00}): {x.Better.Workflow}\n- worse (score {x.Worse.Score:0.00}): {x.Worse.Workflow}"
            : "- none yet";
        var tests = target.Tests switch
        {
            TaskTests.Workspace => "the workspace's xunit tests",
            TaskTests.Program => "a test program with assertions",
            _ => "none",
        };
        if (target.Site.Examples.Count > 0)
        {
            tests += $", {target.Site.Examples.Count} example(s) in the comment";
        }

        var values = new Dictionary<string, string>
        {
            ["task"] = target.Site.TaskText,
            ["signature"] = target.Site.Signature,
            ["tests"] = tests,
            ["catalogue"] = string.Join("\n", _library.Capabilities.Select(c => c.CatalogueLine())),
            ["priors"] = priors.ToString().TrimEnd(),
            ["exemplars"] = exemplars,
            ["context"] = (context ?? TaskContext.Empty).Summary,
            ["threshold"] = _options.Threshold.ToString("0.0#", CultureInfo.InvariantCulture),
        };
        return Workflows.PromptTemplate.Fill(_template, values);
    }

    public async Task<CapabilitySelection> ComposeAsync(TaskTarget target, CancellationToken cancellationToken)
    {
        var context = _context is null ? null : await _context.AssembleAsync(target, cancellationToken).ConfigureAwait(false);
        var prompt = BuildPrompt(target, context);
        var options = new ChatOptions
        {
            Temperature = _options.Temperature,
            Seed = _options.Seed,
            MaxOutputTokens = _options.MaxOutputTokens,
            ResponseFormat = ChatResponseFormat.ForJsonSchema(SelectionSchema.Build(_library), "workflow_selection", "A sparse weight vector over the capability library, with parameters."),
            AdditionalProperties = new AdditionalPropertiesDictionary { ["flowlens.capability"] = "meta-agent" },
        };
        var start = Stopwatch.GetTimestamp();
        var response = await _model.GetResponseAsync([new ChatMessage(ChatRole.User, prompt)], options, cancellationToken).ConfigureAwait(false);
        var latency = Stopwatch.GetElapsedTime(start);
        var input = response.Usage?.InputTokenCount ?? 0;
        var output = response.Usage?.OutputTokenCount ?? 0;
        try
        {
            var (selected, weights, repairs) = SelectionParser.Parse(response.Text, _library, _options.Threshold);
            if (selected.Count == 0)
            {
                repairs.Add("the model selected nothing; the stitcher inserts a draft");
            }

            return new CapabilitySelection(Name, selected, weights, repairs, response.Text, input, output, latency);
        }
        catch (SelectionRejectedException e)
        {
            var fallback = _fallback.Compose(target, [$"rejected the model's selection: {e.Message}; used the prior-only selection"]);
            return fallback with { Composer = Name + " (fallback: prior-only)", RawOutput = response.Text, PromptTokens = input, OutputTokens = output, Latency = latency };
        }
    }
}
