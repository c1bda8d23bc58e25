namespace FlowLens.Cli.Tests.Loopback;

/// <summary>One chat completion the scripted server sends: the message text and its <c>finish_reason</c>.</summary>
public sealed record ScriptedAnswer(string Content, string FinishReason = "stop");
