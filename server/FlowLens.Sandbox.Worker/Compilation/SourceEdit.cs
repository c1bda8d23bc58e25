namespace FlowLens.Sandbox.Worker.Compilation;

/// <summary>Replace [<see cref="Start"/>, Start+<see cref="Length"/>) with <see cref="Text"/>; an insertion has length 0.</summary>
internal readonly record struct SourceEdit(int Start, int Length, string Text);
