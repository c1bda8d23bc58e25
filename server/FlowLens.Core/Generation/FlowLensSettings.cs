namespace FlowLens.Core.Generation;

/// <summary>
/// The user's settings, independent of where they came from (editor configuration, command line, environment).
/// Null means "use the default" (<see cref="MaxInFlightRequests"/>: 1 for the in-process model, 8 for a server).
/// </summary>
public sealed record FlowLensSettings
{
    public string Backend { get; init; } = "local";
    public string? ModelPath { get; init; }
    public int? GpuLayers { get; init; }
    public int? ContextSize { get; init; }
    public int? Threads { get; init; }
    public string? OllamaUrl { get; init; }
    public string? OllamaModel { get; init; }
    public string? OpenAIUrl { get; init; }
    public string? OpenAIModel { get; init; }
    public int? MaxInFlightRequests { get; init; }
    public string AttributionMode { get; init; } = "leave-one-out";
    public int? AttributionBudget { get; init; }
    public int? SandboxTimeoutMs { get; init; }
    public int? SandboxMemoryMb { get; init; }
}
