namespace FlowLens.Inference;

/// <summary>One message for chat-template application: role ("system", "user", "assistant") and text.</summary>
public sealed record ChatTurn(string Role, string Content);
