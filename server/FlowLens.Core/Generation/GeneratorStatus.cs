namespace FlowLens.Core.Generation;

/// <summary>What a generator runs on. <paramref name="Device"/> is "gpu", "cpu" or "remote".</summary>
public sealed record GeneratorStatus(bool ModelLoaded, string? Model, string Backend, string Device, bool IsSyntheticModel, string? Message = null);
