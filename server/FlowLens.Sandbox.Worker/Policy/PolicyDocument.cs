using System.Text.Json.Serialization;

namespace FlowLens.Sandbox.Worker.Policy;

/// <summary>The JSON shape of <c>policy.json</c> and of a workspace's <c>.flowlens/sandbox-policy.json</c>.</summary>
internal sealed record PolicyDocument
{
    public IReadOnlyList<PolicyEntry>? Allow { get; init; }

    public IReadOnlyList<PolicyEntry>? Deny { get; init; }
}

internal sealed record PolicyEntry
{
    public string? Symbol { get; init; }

    public string? Reason { get; init; }

    [JsonPropertyName("il")]
    public bool? CheckIl { get; init; }
}
