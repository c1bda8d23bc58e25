using System.Text.Json;
using FlowLens.Core.Generation;
using FlowLens.LanguageServer.Tasks;
using FlowLens.LanguageServer.Protocol;
using FlowLens.LanguageServer.Tests.Infrastructure;

namespace FlowLens.LanguageServer.Tests;

public sealed class ProtocolConversionTests
{
    [Theory]
    [InlineData("{\"backend\":\"ollama\",\"ollama\":{\"model\":\"m\"}}")]
    [InlineData("{\"flowlens\":{\"backend\":\"ollama\",\"ollama\":{\"model\":\"m\"}}}")]
    public void Settings_are_read_from_the_section_or_a_wrapper(string json)
    {
        var settings = ProtocolConversion.ToSettings(JsonDocument.Parse(json).RootElement);

        Assert.NotNull(settings);
        Assert.Equal("ollama", settings.Backend);
        Assert.Equal("m", settings.OllamaModel);
        Assert.Equal(new FlowLensSettings().AttributionMode, settings.AttributionMode);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{\"flowlens\":3}")]
    [InlineData("{\"backend\":7}")]
    public void Non_settings_read_as_null(string json) =>
        Assert.Null(ProtocolConversion.ToSettings(JsonDocument.Parse(json).RootElement));

    [Fact]
    public void The_rest_of_the_tests_setting_is_read_and_absent_means_the_default()
    {
        var off = ProtocolConversion.ToSettings(JsonDocument.Parse("{\"sandbox\":{\"runOtherTests\":false}}").RootElement);
        var unset = ProtocolConversion.ToSettings(JsonDocument.Parse("{\"sandbox\":{\"timeoutMs\":1000}}").RootElement);

        Assert.False(off!.RunOtherTests);
        Assert.Null(unset!.RunOtherTests);
    }

    [Fact]
    public void A_generate_result_counts_the_other_tests_only_when_they_ran()
    {
        var target = new Core.Tasks.TaskTarget("/work/A.cs", ServerHarness.CalculatorText, Core.Tasks.TaskLocator.Find(ServerHarness.CalculatorText)[0], new Core.Tasks.TaskTests.Workspace("/work"));
        var run = Fakes.SampleRuns.ForTarget(target);
        var others = new Core.Evaluation.OtherTestsReport(
            [new("T.Other1", Core.Evaluation.TestOutcome.Passed, null, 1), new("T.Other2", Core.Evaluation.TestOutcome.Failed, "no", 1), new("T.Other3", Core.Evaluation.TestOutcome.Timeout, null, 1)], "runner", null, 5);

        var with = JsonSerializer.Serialize(ProtocolConversion.ToGenerateResult(run with { OtherTests = others }, true, AttributionState.Done), ProtocolJson.Options);
        var without = JsonSerializer.Serialize(ProtocolConversion.ToGenerateResult(run, true, AttributionState.Done), ProtocolJson.Options);

        Assert.Contains("\"othersPassed\":1,\"othersFailed\":2", with, StringComparison.Ordinal);
        Assert.DoesNotContain("others", without, StringComparison.Ordinal);
    }

    [Fact]
    public void Server_status_always_carries_the_model_member_even_when_null()
    {
        var status = ProtocolConversion.ToServerStatus(new GeneratorStatus(false, null, "none", "cpu", false)) with { Busy = true };

        var json = JsonSerializer.Serialize(status, ProtocolJson.Options);

        Assert.Equal("{\"modelLoaded\":false,\"model\":null,\"backend\":\"none\",\"device\":\"cpu\",\"busy\":true}", json);
    }

    [Fact]
    public void Graph_contributions_are_keyed_by_mermaid_node_id()
    {
        var run = Fakes.SampleRuns.ForTarget(new Core.Tasks.TaskTarget("/w/A.cs", "", new Core.Tasks.TaskSite(default, "t", "Add", "int Add()", default, default, []), new Core.Tasks.TaskTests.None()));
        run = run with { Steps = [.. run.Steps.Select(s => s with { StepId = s.StepId + "-x" })] };

        var graph = ProtocolConversion.ToWorkflowGraph(run);

        Assert.Equal(0.40, graph.Contributions["s3_x"], 6);
        Assert.Equal(0.0, graph.Contributions["s4_x"], 6);
        Assert.Equal(2, graph.Contributions.Count);
    }
}
