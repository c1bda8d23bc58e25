using System.Text.Json.Serialization;
using FlowLens.Core.Learning;
using FlowLens.Core.Workflows;

namespace FlowLens.Core;

/// <summary>Source-generated JSON for Core's persisted state (no reflection at run time).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Dictionary<string, ContributionPosterior>))]
[JsonSerializable(typeof(ReplayEntry))]
[JsonSerializable(typeof(CachedStep))]
[JsonSerializable(typeof(Trajectory))]
internal sealed partial class CoreJsonContext : JsonSerializerContext
{
    /// <summary>One object per line, for the append-only logs.</summary>
    public static CoreJsonContext Compact { get; } = new(new System.Text.Json.JsonSerializerOptions { WriteIndented = false, PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase });
}
