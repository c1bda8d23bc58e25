using FlowLens.Core.Composition;
using FlowLens.Core.Learning;
using FlowLens.Core.Tests.Doubles;

namespace FlowLens.Core.Tests.Composition;

public sealed class ComposerTests
{
    private static readonly string Template = File.ReadAllText(Path.Combine(RepoPaths.Prompts, "meta-agent.md"));

    [Fact]
    public async Task One_pass_makes_one_model_call_constrained_by_the_library_schema()
    {
        ChatOptionsCapture capture = new();
        var model = new ScriptedChatClient(new() { ["meta-agent"] = (_, o) => capture.Set(o, KnownEffects.Selection) });
        var composer = new MetaAgentComposer(model, Fixtures.Library, Template, PriorStore.InMemory(), ReplayBuffer.InMemory(), ComposerOptions.Default);

        var selection = await composer.ComposeAsync(Fixtures.Target(), CancellationToken.None);

        Assert.Equal(1, model.TotalCalls);
        Assert.Equal(["draft", "repair", "vote"], selection.Selected.Select(s => s.Id));
        Assert.True(selection.PromptTokens > 0 && selection.OutputTokens > 0);
        var format = Assert.IsType<Microsoft.Extensions.AI.ChatResponseFormatJson>(capture.Options!.ResponseFormat);
        var steps = format.Schema!.Value.GetProperty("properties").GetProperty("steps");
        Assert.Equal(ComposerOptions.DefaultMaxCapabilities, steps.GetProperty("maxItems").GetInt32());
    }

    [Fact]
    public void The_prompt_holds_task_signature_catalogue_priors_and_exemplars()
    {
        var replay = ReplayBuffer.InMemory();
        var kind = TaskFeatures.Of(Fixtures.Target()).Kind;
        replay.Add(new ReplayEntry("t1", kind, "draft(n=3, temperature=0.8) -> run-tests -> repair(rounds=1)", ["draft", "run-tests", "repair"], 0.9, DateTimeOffset.UnixEpoch) { TaskText = "Reverse the words of a sentence." });
        replay.Add(new ReplayEntry("t2", kind, "draft", ["draft"], 0.1, DateTimeOffset.UnixEpoch));
        var composer = new MetaAgentComposer(new ScriptedChatClient([]), Fixtures.Library, Template, PriorStore.InMemory(), replay, ComposerOptions.Default);

        var prompt = composer.BuildPrompt(Fixtures.Target());

        Assert.Contains("Return the sum of a and b.", prompt, StringComparison.Ordinal);
        Assert.Contains("public static int Add(int a, int b)", prompt, StringComparison.Ordinal);
        Assert.Contains("- repair (llm): (candidates, results, plan?) -> (candidates)", prompt, StringComparison.Ordinal);
        Assert.Contains("- draft: +0.90 ± 0.35 (n=0), 1 call, +0.90 per call", prompt, StringComparison.Ordinal);
        Assert.Contains("- run-tests: +0.60 ± 0.35 (n=0), no model call", prompt, StringComparison.Ordinal);
        Assert.Contains("list at most 4", prompt, StringComparison.Ordinal);
        Assert.Contains("- better: task \"Reverse the words of a sentence.\": draft(n=3, temperature=0.8) -> run-tests -> repair(rounds=1) (score 0.90)", prompt, StringComparison.Ordinal);
        Assert.Contains("- worse: draft (score 0.10)", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_selection_cut_by_the_token_budget_falls_back_and_says_it_was_cut()
    {
        var model = new ScriptedChatClient(new() { ["meta-agent"] = (_, _) => "{\"steps\":[{\"id\":\"draft\",\"n\":3,\"tempera" }) { FinishReason = Microsoft.Extensions.AI.ChatFinishReason.Length };
        var composer = new MetaAgentComposer(model, Fixtures.Library, Template, PriorStore.InMemory(), ReplayBuffer.InMemory(), ComposerOptions.Default);

        var selection = await composer.ComposeAsync(Fixtures.Target(), CancellationToken.None);

        Assert.Equal("one-pass (fallback: prior-only)", selection.Composer);
        Assert.Contains("the answer was cut at", selection.Fallback, StringComparison.Ordinal);
        Assert.Contains(selection.Selected, s => s.Id == "draft");
    }

    [Fact]
    public async Task Unreadable_model_output_falls_back_to_priors_with_the_reason()
    {
        var model = new ScriptedChatClient(new() { ["meta-agent"] = (_, _) => "I think you should draft some code!" });
        var composer = new MetaAgentComposer(model, Fixtures.Library, Template, PriorStore.InMemory(), ReplayBuffer.InMemory(), ComposerOptions.Default);

        var selection = await composer.ComposeAsync(Fixtures.Target(), CancellationToken.None);

        Assert.Equal("one-pass (fallback: prior-only)", selection.Composer);
        Assert.StartsWith("rejected the model's selection: the answer holds no JSON object: \"I think you should draft some code!\"", Assert.Single(selection.Repairs), StringComparison.Ordinal);
        Assert.StartsWith("the model's selection could not be read (the answer holds no JSON object", selection.Fallback, StringComparison.Ordinal);
        Assert.Contains(selection.Selected, s => s.Id == "draft");
    }

    [Fact]
    public void Prior_only_follows_learned_priors()
    {
        var priors = PriorStore.InMemory();
        var target = Fixtures.Target();
        var kind = TaskFeatures.Of(target).Kind;
        var composer = new PriorOnlyComposer(Fixtures.Library, priors, ComposerOptions.Default);
        Assert.Contains(composer.Compose(target, []).Selected, s => s.Id == "repair");

        for (var i = 0; i < 10; i++)
        {
            priors.Observe(kind, [(Fixtures.Library["repair"], -0.2), (Fixtures.Library["vote"], 0.6)]);
        }

        var ids = composer.Compose(target, []).Selected.Select(s => s.Id).ToList();
        Assert.DoesNotContain("repair", ids);
        Assert.Contains("vote", ids);
    }

    [Fact]
    public void Exemplars_are_drawn_afresh_for_each_composition()
    {
        var replay = ReplayBuffer.InMemory();
        var kind = TaskFeatures.Of(Fixtures.Target()).Kind;
        for (var i = 0; i < 12; i++)
        {
            replay.Add(new ReplayEntry($"t{i}", kind, $"draft(n={(i % 5) + 1}, temperature=0.7)", ["draft"], i / 12.0, DateTimeOffset.UnixEpoch) { TaskText = $"task number {i}" });
        }

        var composer = new MetaAgentComposer(new ScriptedChatClient([]), Fixtures.Library, Template, PriorStore.InMemory(), replay, ComposerOptions.Default);

        var prompts = Enumerable.Range(0, 8).Select(_ => composer.BuildPrompt(Fixtures.Target())).ToList();

        Assert.True(prompts.Distinct(StringComparer.Ordinal).Count() > 1, "every composition showed the same exemplars");
        Assert.All(prompts, p => Assert.Matches(@"- better: task ""task number \d+"": draft\(n=\d, temperature=0\.7\) \(score 0\.\d\d\)", p));
    }

    [Fact]
    public void Prior_only_keeps_at_most_k_capabilities_preferring_contribution_per_model_call()
    {
        var priors = PriorStore.InMemory();
        var target = Fixtures.Target();
        var kind = TaskFeatures.Of(target).Kind;
        for (var i = 0; i < 20; i++)
        {
            // Every capability looks useful; the tool steps bought as much without any model call.
            priors.Observe(kind, Fixtures.Library.Capabilities.Select(c => (c, c.CostModelCalls == 0 ? 0.7 : 0.6)));
        }

        var composer = new PriorOnlyComposer(Fixtures.Library, priors, ComposerOptions.Default with { MaxCapabilities = 3 });

        var ids = composer.Compose(target, []).Selected.Select(s => s.Id).ToList();

        Assert.Equal(3, ids.Count);
        Assert.Equal(["static-check", "run-tests", "vote"], ids);
    }

    private sealed class ChatOptionsCapture
    {
        public Microsoft.Extensions.AI.ChatOptions? Options { get; private set; }

        public string Set(Microsoft.Extensions.AI.ChatOptions options, string reply)
        {
            Options = options;
            return reply;
        }
    }
}
