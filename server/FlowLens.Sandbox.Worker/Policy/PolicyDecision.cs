namespace FlowLens.Sandbox.Worker.Policy;

/// <summary>The policy's answer for one symbol; <see cref="Rule"/> is null when no rule matched (denied by default).</summary>
internal readonly record struct PolicyDecision(bool Allowed, string Reason, PolicyRule? Rule);
