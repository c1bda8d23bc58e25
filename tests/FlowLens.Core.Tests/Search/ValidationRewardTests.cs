using FlowLens.Core.Learning;
using FlowLens.Core.Search;
using FlowLens.Core.Tests.Doubles;
using FlowLens.Core.Tests.Workflows;
using FlowLens.Core.Workflows;

namespace FlowLens.Core.Tests.Search;

public sealed class ValidationRewardTests
{
    [Fact]
    public async Task With_reward_weights_the_cheaper_of_two_equally_passing_workflows_scores_higher()
    {
        var world = new KnownEffects();
        var executor = new WorkflowExecutor(world.Model, "scripted", new StepCache(), TimeProvider.System);
        var scorer = new ValidationScorer(executor, Fixtures.Library, [Fixtures.Target()], world.Evaluator, ExecutionOptions.Default, RewardWeights.Default);

        var cheap = await scorer.ScoreAsync(WorkflowStitcherTests.Parse("draft:n=1"), CancellationToken.None);
        var costly = await scorer.ScoreAsync(WorkflowStitcherTests.Parse("draft:n=5,vote"), CancellationToken.None);

        Assert.Equal(0.6, cheap.PassRate!.Value, 6); // every draft passes 3 of 5
        Assert.Equal(0.6, costly.PassRate!.Value, 6);
        Assert.True(cheap.Reward > costly.Reward, $"cheap {cheap.Reward} vs costly {costly.Reward}");
        Assert.True(cheap.Reward < 0.6 + RewardWeights.Default.Diversity, "the reward should subtract complexity and cost");
    }

    [Fact]
    public async Task Without_weights_the_score_is_the_pass_rate()
    {
        var world = new KnownEffects();
        var executor = new WorkflowExecutor(world.Model, "scripted", new StepCache(), TimeProvider.System);
        var scorer = new ValidationScorer(executor, Fixtures.Library, [Fixtures.Target()], world.Evaluator, ExecutionOptions.Default);

        var score = await scorer.ScoreAsync(WorkflowStitcherTests.Parse("draft:n=5,vote"), CancellationToken.None);

        Assert.Equal(0.6, score.Reward, 6);
        Assert.Null(score.PassRate);
    }
}
