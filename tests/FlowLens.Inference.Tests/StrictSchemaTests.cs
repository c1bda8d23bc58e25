using System.Text.Json;

namespace FlowLens.Inference.Tests;

/// <summary>Which schemas are sent to OpenAI-compatible servers with <c>"strict": true</c>.</summary>
public sealed class StrictSchemaTests
{
    [Theory]
    [InlineData("""{"type":"object","properties":{"kind":{"enum":["a","b"]},"n":{"type":"integer"}},"required":["kind","n"],"additionalProperties":false}""", true)]
    [InlineData("""{"type":"array","items":{"type":"object","properties":{"id":{"type":"string"}},"required":["id"],"additionalProperties":false}}""", true)]
    [InlineData("""{"type":"object","properties":{"kind":{"type":"string"},"n":{"type":"integer"}},"required":["kind"],"additionalProperties":false}""", false)]
    [InlineData("""{"type":"object","properties":{"kind":{"type":"string"}},"required":["kind"]}""", false)]
    [InlineData("""{"type":"array","items":{"anyOf":[{"type":"string","enum":["plan"]},{"type":"object","properties":{"id":{"type":"string"}}}]}}""", false)]
    [InlineData("""{"type":"array","prefixItems":[{"const":"draft"},{"type":"integer"}],"items":false}""", false)]
    public void Only_closed_objects_with_every_property_required_and_no_tuples_are_strict(string schema, bool strict)
    {
        using var document = JsonDocument.Parse(schema);
        Assert.Equal(strict, StrictSchemaChatClient.AllowsStrict(document.RootElement));
    }
}
