using System.Runtime.InteropServices;

namespace FlowLens.Inference.Native;

/// <summary><c>llama_chat_message</c>: two UTF-8, NUL-terminated strings owned by the caller.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LlamaChatMessage
{
    public byte* Role;
    public byte* Content;
}
