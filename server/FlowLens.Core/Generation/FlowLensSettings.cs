using FlowLens.Core.Learning;

namespace FlowLens.Core.Generation;

/// <summary>
/// The user's settings, independent of where they came from (editor configuration, command line, environment).
/// Null means "use the default" (<see cref="MaxInFlightRequests"/>: for the in-process model the sequences it decodes in one batch, 4; 8 for a server).
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
    /// <summary>Seconds one request to an Ollama or OpenAI-compatible server may take.</summary>
    public int? RequestTimeoutSeconds { get; init; }
    public int? MaxInFlightRequests { get; init; }
    public string AttributionMode { get; init; } = "shapley";
    public int? AttributionBudget { get; init; }
    public int? SandboxTimeoutMs { get; init; }
    public int? SandboxMemoryMb { get; init; }

    /// <summary>
    /// Whether the rest of the test projects' tests run once on the chosen candidate, after the workflow chose it on the
    /// selected tests (null: yes).
    /// </summary>
    public bool? RunOtherTests { get; init; }

    /// <summary>The answer budget of each workflow step, in tokens (null: <see cref="Workflows.ExecutionOptions.DefaultMaxOutputTokens"/>).</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Weights of the multi-purpose reward (pass rate, complexity, cost) that refinement and BayesFlow optimise.</summary>
    public RewardWeights Reward { get; init; } = RewardWeights.Default;

    /// <summary>The most tokens of workspace context a prompt carries; 0 turns workspace context off.</summary>
    public int? ContextTokens { get; init; }

    /// <summary>The share of the model's context window workspace context may take when no token count is set.</summary>
    public double? ContextShare { get; init; }
}
