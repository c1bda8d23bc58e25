namespace FlowLens.Core.Learning;

/// <summary>One executed step of a <see cref="Trajectory"/>.</summary>
public sealed record TrajectoryStep(string Capability, string Label, string? Prompt, string? Output, string? Outcome, double Milliseconds, long Tokens, bool CacheHit);
