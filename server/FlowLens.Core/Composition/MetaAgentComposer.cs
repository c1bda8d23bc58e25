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
    private readonly Lock _drawGate = new();
    private readonly Random _exemplarDraws;
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
        _exemplarDraws = new Random(options.Seed);
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
            var cost = capability.CostModelCalls == 0
                ? "no model call"
                : string.Create(CultureInfo.InvariantCulture, $"{capability.CostModelCalls} call{(capability.CostModelCalls == 1 ? "" : "s")}, {p.Mean / capability.CostModelCalls:+0.00;-0.00} per call");
            priors.AppendLine(CultureInfo.InvariantCulture, $"- {capability.Id}: {p.Mean:+0.00;-0.00} ± {p.StandardError:0.00} (n={p.Count}), {cost}");
        }

        // Exemplars are drawn afresh for every composition (the draws continue one seeded sequence), so asking again
        // shows the meta-agent other past workflows.
        (ReplayEntry Better, ReplayEntry Worse)? pair;
        lock (_drawGate)
        {
            pair = _replay.DrawContrastivePair(features.Kind, _exemplarDraws, _options.ExemplarTemperature);
        }

        var exemplars = pair is { } x
            ? $"- better: {Exemplar(x.Better)}\n- worse: {Exemplar(x.Worse)}"
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
            ["k"] = _options.MaxCapabilities.ToString(CultureInfo.InvariantCulture),
        };
        return Workflows.PromptTemplate.Fill(_template, values);
    }

    /// <summary>A past workflow as the meta-agent sees it: its task, its steps with their parameters, its score.</summary>
    private static string Exemplar(ReplayEntry entry)
    {
        var task = entry.TaskText is { Length: > 0 } text ? $"task \"{(text.Length <= 160 ? text : text[..160] + "...")}\": " : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"{task}{entry.Workflow} (score {entry.Score:0.00})");
    }

    public Task<CapabilitySelection> ComposeAsync(TaskTarget target, CancellationToken cancellationToken) =>
        ComposeAsync(target, _options.Seed, cancellationToken);

    public async Task<CapabilitySelection> ComposeAsync(TaskTarget target, int seed, CancellationToken cancellationToken)
    {
        var context = _context is null ? null : await _context.AssembleAsync(target, cancellationToken).ConfigureAwait(false);
        var prompt = BuildPrompt(target, context);
        var options = new ChatOptions
        {
            Temperature = _options.Temperature,
            Seed = seed,
            MaxOutputTokens = _options.MaxOutputTokens,
            ResponseFormat = ChatResponseFormat.ForJsonSchema(SelectionSchema.Build(_library, _options.MaxCapabilities), "workflow_selection", "At most k chosen capabilities of the library, each with its parameters."),
            AdditionalProperties = new AdditionalPropertiesDictionary { ["flowlens.capability"] = "meta-agent" },
        };
        var start = Stopwatch.GetTimestamp();
        var response = await _model.GetResponseAsync([new ChatMessage(ChatRole.User, prompt)], options, cancellationToken).ConfigureAwait(false);
        var latency = Stopwatch.GetElapsedTime(start);
        var input = response.Usage?.InputTokenCount ?? 0;
        var output = response.Usage?.OutputTokenCount ?? 0;
        try
        {
            var (selected, weights, repairs) = SelectionParser.Parse(response.Text, _library, _options.Threshold, _options.MaxCapabilities);
            if (selected.Count == 0)
            {
                repairs.Add("the model selected nothing; the stitcher inserts a draft");
            }

            return new CapabilitySelection(Name, selected, weights, repairs, response.Text, input, output, latency);
        }
        catch (SelectionRejectedException rejected)
        {
            // A selection cut by the token budget cannot be read; say so rather than blame its JSON.
            var e = response.FinishReason == ChatFinishReason.Length
                ? new SelectionRejectedException($"the answer was cut at {output} tokens before the selection ended ({rejected.Message})", rejected)
                : rejected;
            var fallback = _fallback.Compose(target, [$"rejected the model's selection: {e.Message}; used the prior-only selection"]);
            return fallback with
            {
                Composer = Name + " (fallback: prior-only)",
                RawOutput = response.Text,
                PromptTokens = input,
                OutputTokens = output,
                Latency = latency,
                Fallback = $"the model's selection could not be read ({e.Message}); the workflow comes from the learned priors instead",
            };
        }
    }
}
