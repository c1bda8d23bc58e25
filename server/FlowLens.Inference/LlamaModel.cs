using System.Runtime.InteropServices;
using System.Text;
using FlowLens.Inference.Native;
using FlowLens.Inference.Runtime;

namespace FlowLens.Inference;

/// <summary>
/// A loaded GGUF model: weights and vocabulary, shared by any number of <see cref="LlamaContext"/>s. Disposing the
/// model while contexts exist is safe: each context keeps the native model alive until it is disposed itself.
/// </summary>
public sealed unsafe class LlamaModel : IDisposable
{
    private readonly SafeLlamaModelHandle _handle;
    private readonly nint _vocab;

    private LlamaModel(SafeLlamaModelHandle handle, GgufInfo info, NativeLibrarySource library, TimeSpan loadTime)
    {
        _handle = handle;
        _vocab = LlamaNative.llama_model_get_vocab(handle);
        Info = info;
        Library = library;
        LoadTime = loadTime;
        Descriptor = ModelDescriptor.FromInfo(info);
        MemoryEstimate = MemoryEstimate.FromInfo(info);
        VocabularySize = LlamaNative.llama_vocab_n_tokens(_vocab);
        TrainedContextLength = LlamaNative.llama_model_n_ctx_train(handle);
        EmbeddingLength = LlamaNative.llama_model_n_embd(handle);
        LayerCount = LlamaNative.llama_model_n_layer(handle);
        ChatTemplate = ReadChatTemplate(handle);
    }

    public ModelDescriptor Descriptor { get; }

    public GgufInfo Info { get; }

    public NativeLibrarySource Library { get; }

    public MemoryEstimate MemoryEstimate { get; }

    public TimeSpan LoadTime { get; }

    public int VocabularySize { get; }

    public int TrainedContextLength { get; }

    public int EmbeddingLength { get; }

    public int LayerCount { get; }

    /// <summary>The model's Jinja chat template, or null (then <see cref="ApplyChatTemplate"/> uses a plain fallback).</summary>
    public string? ChatTemplate { get; }

    internal SafeLlamaModelHandle Handle => _handle;

    internal nint Vocab
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _vocab;
        }
    }

    /// <summary>Loads a GGUF file after checking it (header, architecture, memory) so failures are typed, not aborts.</summary>
    /// <exception cref="ModelFileException">The file is missing, truncated, not GGUF, or llama.cpp rejects it.</exception>
    /// <exception cref="UnsupportedArchitectureException">llama.cpp does not know the architecture.</exception>
    /// <exception cref="ContextTooLargeException">The weights alone do not fit in available memory.</exception>
    /// <exception cref="NativeLibraryNotFoundException">libllama could not be found.</exception>
    public static LlamaModel Load(string path, LlamaModelOptions? options = null)
    {
        options ??= new LlamaModelOptions();
        var fullPath = System.IO.Path.GetFullPath(path);
        var info = GgufFile.ReadInfo(fullPath);
        // Asking for GPU layers asks for the CUDA build when it is installed; the runtime falls back to the CPU build
        // (and says why) when the CUDA one cannot load here.
        var library = LlamaRuntime.EnsureInitialized(options.GpuLayers != 0 ? options.Library with { PreferCuda = true } : options.Library);
        if (!options.SkipMemoryCheck && options.GpuLayers == 0)
        {
            var available = MemoryEstimate.AvailableHostBytes();
            if (info.TensorDataBytes > available)
            {
                throw new ContextTooLargeException(
                    $"Model '{fullPath}' needs about {info.TensorDataBytes / (1024 * 1024)} MiB for its weights but only "
                    + $"{available / (1024 * 1024)} MiB is available. Use a smaller quantization or model.");
            }
        }

        var parameters = LlamaNative.llama_model_default_params();
        parameters.NGpuLayers = options.GpuLayers;
        var mark = LlamaLog.Mark();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var handle = SafeLlamaModelHandle.LoadFromFile(fullPath, parameters);
        if (handle.IsInvalid)
        {
            handle.Dispose();
            var log = LlamaLog.Since(mark);
            if (log.Contains("unknown model architecture", StringComparison.Ordinal))
            {
                throw new UnsupportedArchitectureException(fullPath, info.Architecture);
            }

            throw new ModelFileException(fullPath, ModelFileProblem.Corrupt, $"llama.cpp could not load it: {(log.Length > 0 ? log : "no reason logged")}");
        }

        return new LlamaModel(handle, info, library, System.Diagnostics.Stopwatch.GetElapsedTime(started));
    }

    public LlamaContext CreateContext(LlamaContextOptions? options = null) => new(this, options ?? new LlamaContextOptions());

    /// <summary>Tokenizes text as a prompt: adds BOS when the vocabulary asks for it and parses special tokens.</summary>
    public LlamaToken[] Tokenize(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var capacity = bytes.Length + 8;
        while (true)
        {
            var tokens = new int[capacity];
            int count;
            fixed (byte* textPointer = bytes)
            fixed (int* tokenPointer = tokens)
            {
                count = LlamaNative.llama_tokenize(Vocab, textPointer, bytes.Length, tokenPointer, capacity, addSpecial: true, parseSpecial: true);
            }

            if (count >= 0)
            {
                return tokens.AsSpan(0, count).ToArray().Select(t => new LlamaToken(t)).ToArray();
            }

            // A negative result is the required capacity.
            capacity = -count;
        }
    }

    /// <summary>Turns tokens back into text (special tokens are not rendered).</summary>
    public string Detokenize(IEnumerable<LlamaToken> tokens)
    {
        var bytes = new List<byte>();
        foreach (var token in tokens)
        {
            bytes.AddRange(TokenBytes(token));
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    public bool IsEndOfGeneration(LlamaToken token) => LlamaNative.llama_vocab_is_eog(Vocab, token.Value);

    /// <summary>The raw bytes of one token; a piece may be part of a multi-byte UTF-8 character.</summary>
    internal byte[] TokenBytes(LlamaToken token)
    {
        Span<byte> buffer = stackalloc byte[256];
        fixed (byte* pointer = buffer)
        {
            var length = LlamaNative.llama_token_to_piece(Vocab, token.Value, pointer, buffer.Length, 0, special: false);
            if (length >= 0)
            {
                return buffer[..length].ToArray();
            }

            var large = new byte[-length];
            fixed (byte* largePointer = large)
            {
                length = LlamaNative.llama_token_to_piece(Vocab, token.Value, largePointer, large.Length, 0, special: false);
            }

            return large[..Math.Max(0, length)];
        }
    }

    /// <summary>
    /// Formats a conversation with the model's chat template (<c>llama_chat_apply_template</c>) and opens the
    /// assistant turn. Models without a template, or with one llama.cpp does not recognise, get
    /// <see cref="ChatPromptFallback"/>.
    /// </summary>
    public string ApplyChatTemplate(IReadOnlyList<ChatTurn> messages)
    {
        if (ChatTemplate is null)
        {
            return ChatPromptFallback.Format(messages);
        }

        var pinned = new List<GCHandle>();
        try
        {
            var natives = new LlamaChatMessage[messages.Count];
            for (var i = 0; i < messages.Count; i++)
            {
                natives[i].Role = Pin(pinned, messages[i].Role);
                natives[i].Content = Pin(pinned, messages[i].Content);
            }

            var template = Pin(pinned, ChatTemplate);
            var capacity = Math.Max(256, messages.Sum(m => Encoding.UTF8.GetByteCount(m.Content) + 64) * 2);
            while (true)
            {
                var buffer = new byte[capacity];
                int length;
                fixed (LlamaChatMessage* chat = natives)
                fixed (byte* output = buffer)
                {
                    length = LlamaNative.llama_chat_apply_template(template, chat, (nuint)natives.Length, addAssistant: true, output, buffer.Length);
                }

                if (length < 0)
                {
                    return ChatPromptFallback.Format(messages);
                }

                if (length <= capacity)
                {
                    return Encoding.UTF8.GetString(buffer, 0, length);
                }

                capacity = length;
            }
        }
        finally
        {
            foreach (var handle in pinned)
            {
                handle.Free();
            }
        }
    }

    public void Dispose() => _handle.Dispose();

    private static byte* Pin(List<GCHandle> pinned, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text + "\0");
        var handle = GCHandle.Alloc(bytes, GCHandleType.Pinned);
        pinned.Add(handle);
        return (byte*)handle.AddrOfPinnedObject();
    }

    private static string? ReadChatTemplate(SafeLlamaModelHandle handle)
    {
        var pointer = LlamaNative.llama_model_chat_template(handle, null);
        return pointer == 0 ? null : Marshal.PtrToStringUTF8(pointer);
    }
}
