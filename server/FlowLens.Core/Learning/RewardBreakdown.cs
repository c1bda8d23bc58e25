namespace FlowLens.Core.Learning;

/// <summary>
/// FlowReasoner-style multi-purpose reward: pass rate, the produced code's complexity (0..1, from its syntax tree),
/// the workflow's cost (0..1, from steps, model calls and tokens) and candidate diversity (distinct / total).
/// </summary>
public sealed record RewardBreakdown(double PassRate, double Complexity, double Cost, double Diversity, double Total);
