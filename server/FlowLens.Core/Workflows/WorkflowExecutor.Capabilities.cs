using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using FlowLens.Core.Answers;
using FlowLens.Core.Capabilities;
using FlowLens.Core.Evaluation;
using FlowLens.Core.Sampling;
using FlowLens.Core.Tasks;
using Microsoft.Extensions.AI;

namespace FlowLens.Core.Workflows;

/// <summary>
/// The behaviours a capability file names (<see cref="CapabilityBehaviours"/>), each run with the capability's own
/// prompt and parameters; generic model steps produce what the capability's output type says.
/// </summary>
public sealed partial class WorkflowExecutor
{
    private Task<StepOutcome> RunCapabilityAsync(StepContext context) => context.Step.Capability.Behaviour switch
    {
        CapabilityBehaviours.SampleCandidates => DraftAsync(context),
        CapabilityBehaviours.ProposeChecks => EdgeTestsAsync(context),
        CapabilityBehaviours.RepairFromFailures => RepairAsync(context),
        CapabilityBehaviours.SelectByModel => LlmSelectAsync(context),
        CapabilityBehaviours.RunTests => RunTestsAsync(context),
        CapabilityBehaviours.ParseCheck => Task.FromResult(StaticCheck(context)),
        CapabilityBehaviours.SelectByVote => VoteAsync(context),
        CapabilityBehaviours.ModelStep when context.Step.Capability.Kind == CapabilityKind.Llm => GenericModelStepAsync(context),
        _ => Task.FromResult(new StepOutcome(PassThrough(context.Step, context.Inputs), null, null, 0, 0, $"no implementation for {context.Step.Capability.Kind.ToString().ToLowerInvariant()} capability '{context.Step.Capability.Id}': passed through", PassedThrough: true)),
    };

    private async Task<StepOutcome> DraftAsync(StepContext context)
    {
        var n = (int)context.Step.Parameter("n");
        var temperature = (float)context.Step.Parameter("temperature");
        var prompt = Prompt(context);
        var replies = await SampleAsync(context, prompt, temperature, Enumerable.Range(0, n).Select(i => context.Seed(i)).ToList()).ConfigureAwait(false);
        var bodies = replies.Select(r => ModelAnswerReader.Read(r.Answer, context.Target.Site)).ToList();
        var summary = string.Join("\n\n", bodies.Select((b, i) => $"// candidate {i + 1}\n{b.Display()}"));
        return new StepOutcome(new StepArtefacts(Candidates: bodies), prompt, summary, n, replies.Sum(r => r.Tokens), $"{n} candidate(s)");
    }

    private async Task<StepOutcome> EdgeTestsAsync(StepContext context)
    {
        var count = (int)context.Step.Parameter("count");
        var prompt = Prompt(context);
        var reply = await CompleteAsync(context, prompt, 0.2f, context.Seed()).ConfigureAwait(false);
        var method = context.Target.Site.MethodName;
        var checks = ReasoningText.Strip(reply.Text).Visible.Split('\n')
            .Select(l => CheckLine().Match(l.Trim().TrimStart('-', '*', ' ').Trim('`')))
            .Where(m => m.Success && m.Groups["call"].Value.Contains(method + "(", StringComparison.Ordinal))
            .Select(m => new TaskExample(m.Groups["call"].Value.Trim(), m.Groups["expected"].Value.Trim().TrimEnd(';'), ExampleOrigin.Generated))
            .DistinctBy(c => c.Call)
            .Take(count)
            .ToList();
        return new StepOutcome(new StepArtefacts(Checks: checks), prompt, string.Join("\n", checks.Select(c => $"{c.Call} == {c.Expected}")), 1, reply.Tokens, $"{checks.Count} check(s)");
    }

    private async Task<StepOutcome> RepairAsync(StepContext context)
    {
        var candidates = context.Inputs.Candidates!;
        var report = context.Inputs.Results![0];
        if (IsClean(report))
        {
            return new StepOutcome(new StepArtefacts(Candidates: candidates), null, null, 0, 0, "best candidate already passes: nothing to repair", PassedThrough: true);
        }

        var rounds = (int)context.Step.Parameter("rounds");
        var body = candidates[0];
        string? firstPrompt = null;
        long tokens = 0;
        var calls = 0;
        for (var round = 0; round < rounds; round++)
        {
            var prompt = Prompt(context, body.Display(), Failures(report));
            firstPrompt ??= prompt;
            var reply = await CompleteAsync(context, prompt, 0.2f, context.Seed(round)).ConfigureAwait(false);
            tokens += reply.Tokens;
            calls++;
            body = ModelAnswerReader.Read(reply.Answer, context.Target.Site);
            if (round + 1 < rounds)
            {
                report = await context.Evaluations.EvaluateAsync(context.Target, body, context.Inputs.Checks ?? [], context.CancellationToken).ConfigureAwait(false);
                if (IsClean(report))
                {
                    break;
                }
            }
        }

        return new StepOutcome(new StepArtefacts(Candidates: [body, .. candidates]), firstPrompt, body.Display(), calls, tokens, $"repaired in {calls} round(s)");
    }

    private async Task<StepOutcome> LlmSelectAsync(StepContext context)
    {
        var candidates = context.Inputs.Candidates!;
        if (candidates.Distinct().Count() < 2)
        {
            return new StepOutcome(new StepArtefacts(Candidates: candidates), null, null, 0, 0, "one distinct candidate: nothing to select", PassedThrough: true);
        }

        var prompt = Prompt(context);
        var reply = await CompleteAsync(context, prompt, 0f, context.Seed()).ConfigureAwait(false);
        var match = FirstNumber().Match(ReasoningText.Strip(reply.Text).Visible);
        var choice = match.Success && int.TryParse(match.Value, CultureInfo.InvariantCulture, out var k) && k >= 1 && k <= candidates.Count ? k - 1 : 0;
        var reordered = candidates.Skip(choice).Take(1).Concat(candidates.Where((_, i) => i != choice)).ToList();
        return new StepOutcome(new StepArtefacts(Candidates: reordered), prompt, reply.Text, 1, reply.Tokens, $"selected candidate {choice + 1} of {candidates.Count}");
    }

    private async Task<StepOutcome> GenericModelStepAsync(StepContext context)
    {
        var capability = context.Step.Capability;
        var best = context.Inputs.Candidates?.FirstOrDefault()?.Display();
        var failures = context.Inputs.Results is { Count: > 0 } results ? Failures(results[0]) : null;
        var prompt = Prompt(context, best, failures);
        var temperature = capability.Parameter("temperature") is not null ? (float)context.Step.Parameter("temperature") : 0.3f;
        var reply = await CompleteAsync(context, prompt, temperature, context.Seed()).ConfigureAwait(false);
        var text = ReasoningText.Strip(reply.Text).Visible.Trim();
        StepArtefacts artefacts;
        string outcome;
        if (capability.Outputs.Contains(ArtefactType.Candidates))
        {
            var body = ModelAnswerReader.Read(reply.Answer, context.Target.Site);
            artefacts = new StepArtefacts(Candidates: [body, .. context.Inputs.Candidates ?? []]);
            text = body.Display();
            outcome = "new best candidate";
        }
        else
        {
            artefacts = new StepArtefacts(
                Plan: capability.Outputs.Contains(ArtefactType.Plan) ? text : null,
                Review: capability.Outputs.Contains(ArtefactType.Review) ? text : null);
            outcome = $"{text.Length} characters";
        }

        return new StepOutcome(artefacts, prompt, text, 1, reply.Tokens, outcome);
    }

    private static async Task<StepOutcome> RunTestsAsync(StepContext context)
    {
        var candidates = context.Inputs.Candidates!;
        var checks = context.Inputs.Checks ?? [];
        var reports = await Task.WhenAll(candidates.Select(c => context.Evaluations.EvaluateAsync(context.Target, c, checks, context.CancellationToken))).ConfigureAwait(false);

        // Best first: the user's pass rate, then generated checks, then "at least it compiles". Stable for ties.
        var order = Enumerable.Range(0, candidates.Count)
            .OrderByDescending(i => reports[i].PassRate)
            .ThenByDescending(i => reports[i].GeneratedPassRate)
            .ThenByDescending(i => reports[i].Compiled)
            .ThenBy(i => i)
            .ToList();
        var best = reports[order[0]];
        var summary = string.Join("\n", order.Select(i => $"candidate {i + 1}: {Describe(reports[i])}"));
        return new StepOutcome(
            new StepArtefacts(Candidates: order.Select(i => candidates[i]).ToList(), Results: order.Select(i => reports[i]).ToList()),
            null,
            summary,
            0,
            0,
            $"best: {Describe(best)}");
    }

    private static StepOutcome StaticCheck(StepContext context)
    {
        var candidates = context.Inputs.Candidates!;
        var parsing = candidates.Where(c => c.Unreadable is null && CandidateCode.Parses(c.Body)).ToList();
        if (parsing.Count == 0 || parsing.Count == candidates.Count)
        {
            var outcome = parsing.Count == 0 ? "no candidate parses: kept all" : "all candidates parse";
            return new StepOutcome(new StepArtefacts(Candidates: candidates), null, null, 0, 0, outcome, PassedThrough: true);
        }

        return new StepOutcome(new StepArtefacts(Candidates: parsing), null, null, 0, 0, $"dropped {candidates.Count - parsing.Count} candidate(s) that do not parse");
    }

    private static async Task<StepOutcome> VoteAsync(StepContext context)
    {
        var candidates = context.Inputs.Candidates!;
        var inputs = context.Target.Site.Examples.Select(e => e.Call)
            .Concat((context.Inputs.Checks ?? []).Select(c => c.Call))
            .Distinct(StringComparer.Ordinal)
            .Select(call => new TaskExample(call, null, ExampleOrigin.Generated))
            .ToList();
        if (candidates.Count < 2 || inputs.Count == 0)
        {
            var why = candidates.Count < 2 ? "one candidate" : "no shared inputs";
            return new StepOutcome(new StepArtefacts(Candidates: candidates), null, null, 0, 0, $"{why}: nothing to vote on", PassedThrough: true);
        }

        var reports = await Task.WhenAll(candidates.Select(c => context.Evaluations.EvaluateAsync(context.Target, c, inputs, context.CancellationToken))).ConfigureAwait(false);

        // A candidate's behaviour is its observed outputs on the shared inputs; candidates that do not compile
        // behave like nothing and never win.
        var behaviour = reports.Select(r => r.Compiled ? string.Join("\u0001", r.Examples.Where(e => e.Example.Origin == ExampleOrigin.Generated).Select(e => e.Observed ?? "<error>")) : null).ToList();
        var clusters = Enumerable.Range(0, candidates.Count)
            .GroupBy(i => behaviour[i] ?? $"\u0002{i}")
            .Select(g => g.ToList())
            .OrderByDescending(g => behaviour[g[0]] is null ? 0 : g.Count)
            .ThenBy(g => g[0])
            .ToList();
        var order = clusters.SelectMany(g => g).ToList();
        var summary = string.Join("\n", clusters.Select(g => $"cluster of {g.Count}: candidates {string.Join(", ", g.Select(i => i + 1))}"));
        return new StepOutcome(new StepArtefacts(Candidates: order.Select(i => candidates[i]).ToList(), Results: order.Select(i => reports[i]).ToList()), null, summary, 0, 0, $"{clusters.Count} behaviour cluster(s); largest has {clusters[0].Count}");
    }

    private async Task<(string Text, long Tokens, ModelAnswer Answer)> CompleteAsync(StepContext context, string prompt, float temperature, int seed) =>
        (await SampleAsync(context, prompt, temperature, [seed]).ConfigureAwait(false))[0];

    /// <summary>
    /// One answer per seed. Several seeds are one "sample N" request where the backend can answer it at once (a
    /// serving engine's <c>n</c>), else one request per seed; either way each answer counts as one model call.
    /// </summary>
    private async Task<IReadOnlyList<(string Text, long Tokens, ModelAnswer Answer)>> SampleAsync(StepContext context, string prompt, float temperature, IReadOnlyList<int> seeds)
    {
        var budget = context.Options.AnswerBudget(context.Step.Capability.MaxOutputTokens, prompt.Length / 3);
        var options = new ChatOptions
        {
            Temperature = temperature,
            MaxOutputTokens = budget,
            ModelId = _modelId,
            AdditionalProperties = new AdditionalPropertiesDictionary { ["flowlens.capability"] = context.Step.Capability.Id },
        };
        List<ChatMessage> messages =
        [
            // One system message for every step: with the workspace context right after it, all prompts of a run
            // share their longest prefix, which llama.cpp's KV cache and a server's prefix cache reuse.
            new(ChatRole.System, SystemInstruction),
            new(ChatRole.User, prompt),
        ];
        var responses = await ChatSamples.GetAsync(_model, messages, options, seeds, context.CancellationToken).ConfigureAwait(false);
        return responses.Select(response =>
        {
            var tokens = (response.Usage?.InputTokenCount ?? 0) + (response.Usage?.OutputTokenCount ?? 0);
            context.Meter.Record(tokens);
            return (response.Text, tokens, new ModelAnswer(response.Text, response.FinishReason, budget));
        }).ToList();
    }

    /// <summary>The instruction every step's conversation starts with.</summary>
    public const string SystemInstruction = "You are one step of a C# coding workflow. Follow the instructions exactly.";

    private static string Prompt(StepContext context, string? candidate = null, string? failures = null)
    {
        var site = context.Target.Site;
        var values = new Dictionary<string, string>
        {
            ["context"] = context.Workspace.Text,
            ["task"] = site.TaskText,
            ["signature"] = site.Signature,
            ["method"] = site.MethodName,
            ["examples"] = site.Examples.Count == 0 ? string.Empty : "Examples:\n" + string.Join("\n", site.Examples.Select(e => $"- {e.Call} == {e.Expected}")),
            ["plan"] = context.Inputs.Plan is { } plan ? "Plan:\n" + plan : string.Empty,
            ["review"] = context.Inputs.Review ?? string.Empty,
            ["candidate"] = candidate ?? context.Inputs.Candidates?.FirstOrDefault()?.Display() ?? string.Empty,
            ["failures"] = failures ?? string.Empty,
            ["candidates"] = context.Inputs.Candidates is { } all ? string.Join("\n\n", all.Select((c, i) => $"{i + 1}.\n```csharp\n{c.Display()}\n```")) : string.Empty,
        };
        foreach (var (name, value) in context.Step.Parameters)
        {
            values[name] = value.ToString(CultureInfo.InvariantCulture);
        }

        return PromptTemplate.Fill(context.Step.Capability.PromptTemplate, values);
    }

    private static bool IsClean(EvaluationReport report) =>
        report.Compiled && report.Total > 0 && report.Passed == report.Total
        && report.Examples.All(e => e.Outcome == TestOutcome.Passed || e.Example.Expected is null);

    /// <summary>What went wrong, as a repair prompt needs it: compiler errors, failing tests, failing checks.</summary>
    internal static string Failures(EvaluationReport report)
    {
        var text = new StringBuilder();
        if (report.Rejected.Count > 0)
        {
            text.AppendLine("Rejected by the sandbox policy:");
            foreach (var r in report.Rejected.Take(5))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- line {r.Line}: {r.Symbol}: {r.Reason}");
            }
        }

        if (report.Unreadable is { } unreadable)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"The answer could not be used: {unreadable}. Answer with the whole method in one ```csharp block.");
        }
        else if (!report.Compiled)
        {
            text.AppendLine("It does not compile:");
            foreach (var d in report.Diagnostics.Take(8))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {d}");
            }
        }

        if (report.Crash is { } crash)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"It crashed: {crash}");
        }

        foreach (var t in report.Tests.Where(t => t.Outcome != TestOutcome.Passed).Take(8))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- test {t.Name}: {t.Outcome.ToString().ToLowerInvariant()}: {t.Message}");
        }

        foreach (var e in report.Examples.Where(e => e.Outcome != TestOutcome.Passed && e.Example.Expected is not null).Take(8))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {e.Example.Call} should be {e.Example.Expected} but was {e.Observed ?? e.Message}");
        }

        return text.Length == 0 ? "No failure details." : text.ToString().TrimEnd();
    }

    private static string Describe(EvaluationReport report) =>
        report.Unreadable is { } unreadable ? "unreadable answer: " + unreadable
        : !report.Compiled ? (report.Rejected.Count > 0 ? "rejected by policy" : "does not compile")
        : string.Create(CultureInfo.InvariantCulture, $"{report.Passed}/{report.Total} passed");

    [GeneratedRegex(@"^(?<call>.+?\))\s*==\s*(?<expected>.+)$")]
    private static partial Regex CheckLine();

    [GeneratedRegex(@"\d+")]
    private static partial Regex FirstNumber();
}
