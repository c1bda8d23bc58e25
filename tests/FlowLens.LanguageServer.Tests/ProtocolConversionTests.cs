using System.Text.Json;
using FlowLens.Core.Generation;
using FlowLens.LanguageServer.Protocol;

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
