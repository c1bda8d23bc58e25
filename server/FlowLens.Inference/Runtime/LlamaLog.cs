using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FlowLens.Inference.Native;

namespace FlowLens.Inference.Runtime;

/// <summary>
/// Receives llama/ggml log lines. They never go to stdout (the language server speaks JSON-RPC there); warnings and
/// errors are kept in a small ring so a failed load can explain itself in the exception message.
/// Set <c>FLOWLENS_LLAMA_LOG=1</c> to echo everything to stderr.
/// </summary>
internal static unsafe class LlamaLog
{
    private const int Capacity = 64;
    private static readonly Lock Gate = new();
    private static readonly Queue<(long Sequence, string Text)> Recent = new();
    private static readonly bool Echo = Environment.GetEnvironmentVariable("FLOWLENS_LLAMA_LOG") == "1";
    private static long _sequence;

    public static delegate* unmanaged[Cdecl]<int, byte*, void*, void> Callback => &OnLog;

    /// <summary>A marker to pass to <see cref="Since"/>.</summary>
    public static long Mark()
    {
        lock (Gate)
        {
            return _sequence;
        }
    }

    /// <summary>Warnings and errors logged after <paramref name="mark"/>, oldest first.</summary>
    public static string Since(long mark)
    {
        lock (Gate)
        {
            return string.Join(" ", Recent.Where(r => r.Sequence > mark).Select(r => r.Text.Trim()));
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnLog(int level, byte* text, void* userData)
    {
        if (text is null)
        {
            return;
        }

        var line = Marshal.PtrToStringUTF8((nint)text) ?? "";
        if (Echo)
        {
            Console.Error.Write(line);
        }

        if ((GgmlLogLevel)level is GgmlLogLevel.Warn or GgmlLogLevel.Error)
        {
            lock (Gate)
            {
                Recent.Enqueue((++_sequence, line));
                while (Recent.Count > Capacity)
                {
                    Recent.Dequeue();
                }
            }
        }
    }
}
