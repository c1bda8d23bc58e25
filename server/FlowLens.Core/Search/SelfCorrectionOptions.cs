namespace FlowLens.Core.Search;

/// <summary>How many times a workflow that fails to run is sent back for a fix, and how the meta-agent samples the fix.</summary>
public sealed record SelfCorrectionOptions(int MaxFixes = 1, double Threshold = 0.5, float Temperature = 0.2f, int Seed = 0);
