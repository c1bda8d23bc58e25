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
        Assert.Equal(Fixtures.Library.Capabilities.Count, format.Schema!.Value.GetProperty("required").GetArrayLength());
    }

    [Fact]
    public void The_prompt_holds_task_signature_catalogue_priors_and_exemplars()
    {
        var replay = ReplayBuffer.InMemory();
        var kind = TaskFeatures.Of(Fixtures.Target()).Kind;
        replay.Add(new ReplayEntry("t1", kind, "draft -> run-tests -> repair", ["draft", "run-tests", "repair"], 0.9, DateTimeOffset.UnixEpoch));
        replay.Add(new ReplayEntry("t2", kind, "draft", ["draft"], 0.1, DateTimeOffset.UnixEpoch));
        replay.Add(new ReplayEntry("t3", kind, "draft -> vote", ["draft", "vote"], 0.5, DateTimeOffset.UnixEpoch));
        var composer = new MetaAgentComposer(new ScriptedChatClient([]), Fixtures.Library, Template, PriorStore.InMemory(), replay, ComposerOptions.Default);

        var prompt = composer.BuildPrompt(Fixtures.Target());

        Assert.Contains("Return the sum of a and b.", prompt, StringComparison.Ordinal);
        Assert.Contains("public static int Add(int a, int b)", prompt, StringComparison.Ordinal);
        Assert.Contains("- repair (llm): (candidates, results, plan?) -> (candidates)", prompt, StringComparison.Ordinal);
        Assert.Contains("- draft: +0.90", prompt, StringComparison.Ordinal);
        Assert.Matches(@"- better \(score 0\.\d\d\): .+\n- worse \(score 0\.\d\d\): ", prompt);
        Assert.DoesNotContain("{{", prompt, StringComparison.Ordinal);
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
