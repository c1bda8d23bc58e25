using FlowLens.Core.Composition;
using FlowLens.Core.Search;
using FlowLens.Core.Tests.Doubles;

namespace FlowLens.Core.Tests.Search;

public sealed class BayesFlowSearchTests
{
    private static readonly string[] Ids = ["plan", "review", "simplify"];

    private static readonly Dictionary<string, double> Reward = new() { ["plan"] = 1.0, ["review"] = 0.5, ["simplify"] = 0.0 };

    /// <summary>The meta-agent proposes each of three one-step workflows uniformly (by seed) and completes nothing.</summary>
    private static ScriptedChatClient UniformProposer() => new(new()
    {
        ["meta-agent"] = (_, o) => (o.AdditionalProperties?["flowlens.search"] as string) switch
        {
            "NextStep" => $"{{\"{Ids[new Random((int)o.Seed!.Value).Next(Ids.Length)]}\":{{\"w\":1}}}}",
            _ => "{}",
        },
    });

    private static SearchResult Search(int particles, int refinements = 0, int rounds = 1, ScriptedChatClient? model = null, TableScorer? scorer = null)
    {
        var search = new BayesFlowSearch(
            model ?? UniformProposer(),
            Fixtures.Library,
            ComposerOptions.Default,
            new BayesFlowOptions(Particles: particles, LookAhead: 1, Refinements: refinements, Rounds: rounds, Seed: 3),
            TimeProvider.System);
        scorer ??= new TableScorer(ids => Reward[ids[0]]);
        return search.SearchAsync(new SearchProblem("three one-step workflows", scorer), CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>Target: q(w) exp(R(w)) with q uniform, normalised.</summary>
    private static Dictionary<string, double> Target()
    {
        var z = Ids.Sum(id => Math.Exp(Reward[id]));
        return Ids.ToDictionary(id => id, id => Math.Exp(Reward[id]) / z);
    }

    private static double TotalVariation(SearchResult result)
    {
        var empirical = result.FinalParticles.GroupBy(p => p.Steps[0].Id).ToDictionary(g => g.Key, g => g.Sum(p => p.Weight));
        return 0.5 * Ids.Sum(id => Math.Abs(empirical.GetValueOrDefault(id) - Target()[id]));
    }

    [Fact]
    public void With_no_refinements_the_weighted_particles_approach_the_known_target_as_N_grows()
    {
        var small = Search(particles: 6);
        var large = Search(particles: 3000);

        var target = Target();
        var best = large.FinalParticles.Where(p => p.Steps[0].Id == "plan").Sum(p => p.Weight);
        Assert.InRange(best, target["plan"] - 0.03, target["plan"] + 0.03);
        Assert.True(best > 1.0 / 3 + 0.1, $"the best workflow holds {best:0.000}, no more than its proposal probability");
        Assert.True(TotalVariation(large) < 0.03, $"TV {TotalVariation(large):0.000}");
        Assert.True(TotalVariation(large) < TotalVariation(small) + 0.01, $"TV grows with N: {TotalVariation(small):0.000} -> {TotalVariation(large):0.000}");
        Assert.Equal(1.0, large.FinalParticles.Sum(p => p.Weight), 6);
        Assert.Equal("plan", large.Selection.Single().Id);
        Assert.Equal(1.0, large.ValidationReward);
    }

    [Fact]
    public void Resampling_keeps_the_weighted_distribution()
    {
        var weighted = new List<WeightedWorkflow>
        {
            new([new SelectedCapability("plan", 1, new Dictionary<string, double>())], 0.7),
            new([new SelectedCapability("review", 1, new Dictionary<string, double>())], 0.2),
            new([new SelectedCapability("simplify", 1, new Dictionary<string, double>())], 0.1),
        };

        var resampled = BayesFlowSearch.Resample(weighted, 1000, new Random(1));

        Assert.Equal(1000, resampled.Count);
        Assert.InRange(resampled.Count(p => p[0].Id == "plan"), 699, 701);
        Assert.InRange(resampled.Count(p => p[0].Id == "simplify"), 99, 101);
    }

    [Fact]
    public void Over_rounds_prefixes_grow_and_the_best_workflow_of_the_pool_is_returned()
    {
        // Reward: one point per step in {plan, review}, minus a penalty for simplify; the best has both good steps.
        var scorer = new TableScorer(ids => (ids.Count(i => i is "plan" or "review") / 2.0) - (ids.Contains("simplify") ? 0.5 : 0));
        var result = Search(particles: 12, refinements: 0, rounds: 3, scorer: scorer);

        Assert.Equal(1.0, result.ValidationReward);
        Assert.Equal(["plan", "review"], result.Selection.Select(s => s.Id).Order(StringComparer.Ordinal));
        // A proposal of a step already in the prefix adds nothing, so prefixes hold 1 to 3 distinct steps.
        Assert.All(result.FinalParticles, p => Assert.InRange(p.Steps.Count, 1, 3));
        Assert.All(result.FinalParticles, p => Assert.Equal(p.Steps.Count, p.Steps.Select(s => s.Id).Distinct().Count()));
        Assert.Contains(result.FinalParticles, p => p.Steps.Count >= 2);
        Assert.Equal(12 * 3, result.Cost.WorkflowsScored);
        Assert.Equal(12 * 3 * 2, result.Cost.MetaAgentCalls); // one extension and one completion per particle per round
    }

    [Fact]
    public void Refinements_edit_a_top_workflow_once_and_join_the_pool()
    {
        var prompts = new List<string>();
        var model = new ScriptedChatClient(new()
        {
            ["meta-agent"] = (prompt, o) =>
            {
                var purpose = o.AdditionalProperties?["flowlens.search"] as string;
                if (purpose == "Edit")
                {
                    lock (prompts)
                    {
                        prompts.Add(prompt);
                    }

                    return """{"plan":{"w":1},"review":{"w":1}}""";
                }

                return purpose == "NextStep" ? """{"simplify":{"w":1}}""" : "{}";
            },
        });
        var scorer = new TableScorer(ids => ids.Contains("review") ? 0.9 : 0.1);

        var result = Search(particles: 4, refinements: 3, rounds: 2, model: model, scorer: scorer);

        Assert.Equal(3 * 2, prompts.Count);
        Assert.All(prompts, p => Assert.Contains("ONE consequential edit", p, StringComparison.Ordinal));
        Assert.Equal(0.9, result.ValidationReward);
        Assert.Contains(result.Selection, s => s.Id == "review");
        Assert.Equal((4 + 3) * 2, result.Cost.WorkflowsScored);
    }

    [Fact]
    public void A_workflow_that_fails_to_run_is_sent_back_with_its_error()
    {
        var fixes = new List<string>();
        var model = new ScriptedChatClient(new()
        {
            ["meta-agent"] = (prompt, o) => (o.AdditionalProperties?["flowlens.search"] as string) switch
            {
                "NextStep" => """{"review":{"w":1}}""",
                "Fix" => Record(prompt),
                _ => "{}",
            },
        });
        var scorer = new TableScorer(ids => ids.Contains("plan") ? 0.7 : 0.2) { Failing = ["review"] };

        var result = Search(particles: 2, rounds: 1, model: model, scorer: scorer);

        Assert.Equal(2, fixes.Count);
        Assert.All(fixes, p => Assert.Contains("Fix the root cause, do not catch it.", p, StringComparison.Ordinal));
        Assert.All(fixes, p => Assert.Contains("step exploded", p, StringComparison.Ordinal));
        Assert.Equal("plan", result.Selection.Single().Id);

        string Record(string prompt)
        {
            lock (fixes)
            {
                fixes.Add(prompt);
            }

            return """{"plan":{"w":1}}""";
        }
    }
}
