namespace FlowLens.Inference.Native;

/// <summary>A position inside a sequence (<c>llama_pos</c>); -1 means "to the end" for the memory API.</summary>
internal readonly record struct LlamaPos(int Value)
{
    public static LlamaPos End { get; } = new(-1);
}
