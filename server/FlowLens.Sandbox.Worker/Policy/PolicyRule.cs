namespace FlowLens.Sandbox.Worker.Policy;

/// <summary>One line of the policy: a namespace, type or member, whether it is allowed, and why.</summary>
/// <param name="CheckIl">False when the compiler itself emits references to the symbol, so only source uses count.</param>
internal sealed record PolicyRule(string Symbol, bool Allow, string Reason, bool CheckIl);
