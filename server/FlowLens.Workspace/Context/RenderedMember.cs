namespace FlowLens.Workspace.Context;

/// <summary>One member of a rendered type: its code (indented for its place) and how early it is dropped for the budget (higher goes first).</summary>
internal sealed record RenderedMember(string Text, int DropOrder);
