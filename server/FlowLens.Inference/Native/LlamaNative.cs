using System.Runtime.InteropServices;

namespace FlowLens.Inference.Native;

/// <summary>
/// The subset of llama.h (node-llama-cpp 3.22.1's llama.cpp) that FlowLens calls. Declarations only: ownership lives
/// in the SafeHandles, policy in <c>LlamaModel</c> and <c>LlamaContext</c>. The library name is mapped to
/// a concrete file by <c>LlamaRuntime</c>'s import resolver.
/// </summary>
internal static unsafe partial class LlamaNative
{
    public const string Library = "llama";

    [LibraryImport(Library)]
    public static partial LlamaModelParams llama_model_default_params();

    [LibraryImport(Library)]
    public static partial LlamaContextParams llama_context_default_params();

    [LibraryImport(Library)]
    public static partial void llama_backend_init();

    [LibraryImport(Library)]
    public static partial void llama_log_set(delegate* unmanaged[Cdecl]<int, byte*, void*, void> callback, void* userData);

    [LibraryImport(Library)]
    public static partial nint llama_print_system_info();

    [LibraryImport(Library)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool llama_supports_gpu_offload();

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint llama_model_load_from_file(string path, LlamaModelParams parameters);

    [LibraryImport(Library)]
    public static partial void llama_model_free(nint model);

    [LibraryImport(Library)]
    public static partial nint llama_init_from_model(SafeLlamaModelHandle model, LlamaContextParams parameters);

    [LibraryImport(Library)]
    public static partial void llama_free(nint context);

    [LibraryImport(Library)]
    public static partial nint llama_model_get_vocab(SafeLlamaModelHandle model);

    [LibraryImport(Library)]
    public static partial int llama_model_n_ctx_train(SafeLlamaModelHandle model);

    [LibraryImport(Library)]
    public static partial int llama_model_n_embd(SafeLlamaModelHandle model);

    [LibraryImport(Library)]
    public static partial int llama_model_n_layer(SafeLlamaModelHandle model);

    [LibraryImport(Library)]
    public static partial int llama_model_n_head(SafeLlamaModelHandle model);

    [LibraryImport(Library)]
    public static partial int llama_model_n_head_kv(SafeLlamaModelHandle model);

    [LibraryImport(Library)]
    public static partial ulong llama_model_n_params(SafeLlamaModelHandle model);

    [LibraryImport(Library)]
    public static partial ulong llama_model_size(SafeLlamaModelHandle model);

    [LibraryImport(Library)]
    public static partial int llama_model_desc(SafeLlamaModelHandle model, byte* buffer, nuint bufferSize);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int llama_model_meta_val_str(SafeLlamaModelHandle model, string key, byte* buffer, nuint bufferSize);

    [LibraryImport(Library)]
    public static partial nint llama_model_chat_template(SafeLlamaModelHandle model, byte* name);

    [LibraryImport(Library)]
    public static partial int llama_vocab_n_tokens(nint vocab);

    [LibraryImport(Library)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool llama_vocab_is_eog(nint vocab, int token);

    [LibraryImport(Library)]
    public static partial int llama_vocab_bos(nint vocab);

    [LibraryImport(Library)]
    public static partial int llama_vocab_eos(nint vocab);

    [LibraryImport(Library)]
    public static partial int llama_tokenize(
        nint vocab,
        byte* text,
        int textLength,
        int* tokens,
        int maxTokens,
        [MarshalAs(UnmanagedType.U1)] bool addSpecial,
        [MarshalAs(UnmanagedType.U1)] bool parseSpecial);

    [LibraryImport(Library)]
    public static partial int llama_token_to_piece(
        nint vocab,
        int token,
        byte* buffer,
        int length,
        int lstrip,
        [MarshalAs(UnmanagedType.U1)] bool special);

    [LibraryImport(Library)]
    public static partial int llama_chat_apply_template(
        byte* template,
        LlamaChatMessage* chat,
        nuint messageCount,
        [MarshalAs(UnmanagedType.U1)] bool addAssistant,
        byte* buffer,
        int length);

    [LibraryImport(Library)]
    public static partial uint llama_n_ctx(SafeLlamaContextHandle context);

    [LibraryImport(Library)]
    public static partial uint llama_n_batch(SafeLlamaContextHandle context);

    [LibraryImport(Library)]
    public static partial nint llama_get_memory(SafeLlamaContextHandle context);

    [LibraryImport(Library)]
    public static partial void llama_memory_clear(nint memory, [MarshalAs(UnmanagedType.U1)] bool data);

    [LibraryImport(Library)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool llama_memory_seq_rm(nint memory, LlamaSeqId sequence, LlamaPos from, LlamaPos to);

    [LibraryImport(Library)]
    public static partial LlamaPos llama_memory_seq_pos_max(nint memory, LlamaSeqId sequence);

    [LibraryImport(Library)]
    public static partial void llama_memory_seq_cp(nint memory, LlamaSeqId source, LlamaSeqId destination, LlamaPos from, LlamaPos to);

    [LibraryImport(Library)]
    public static partial LlamaBatch llama_batch_get_one(int* tokens, int count);

    /// <summary>Allocates a batch of <paramref name="tokens"/> entries, each in up to <paramref name="sequencesPerToken"/> sequences; free with <see cref="llama_batch_free"/>.</summary>
    [LibraryImport(Library)]
    public static partial LlamaBatch llama_batch_init(int tokens, int embeddings, int sequencesPerToken);

    [LibraryImport(Library)]
    public static partial void llama_batch_free(LlamaBatch batch);

    [LibraryImport(Library)]
    public static partial int llama_decode(SafeLlamaContextHandle context, LlamaBatch batch);

    [LibraryImport(Library)]
    public static partial float* llama_get_logits_ith(SafeLlamaContextHandle context, int index);

    [LibraryImport(Library)]
    public static partial nint llama_sampler_chain_init(byte noPerf);

    [LibraryImport(Library)]
    public static partial void llama_sampler_chain_add(SafeLlamaSamplerHandle chain, nint sampler);

    [LibraryImport(Library)]
    public static partial nint llama_sampler_init_greedy();

    [LibraryImport(Library)]
    public static partial nint llama_sampler_init_dist(uint seed);

    [LibraryImport(Library)]
    public static partial nint llama_sampler_init_top_p(float p, nuint minKeep);

    [LibraryImport(Library)]
    public static partial nint llama_sampler_init_min_p(float p, nuint minKeep);

    [LibraryImport(Library)]
    public static partial nint llama_sampler_init_temp(float temperature);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint llama_sampler_init_grammar(nint vocab, string grammar, string root);

    [LibraryImport(Library)]
    public static partial void llama_sampler_apply(SafeLlamaSamplerHandle sampler, LlamaTokenDataArray* candidates);

    [LibraryImport(Library)]
    public static partial void llama_sampler_accept(SafeLlamaSamplerHandle sampler, int token);

    [LibraryImport(Library)]
    public static partial void llama_sampler_free(nint sampler);

    [LibraryImport(Library)]
    public static partial LlamaModelQuantizeParams llama_model_quantize_default_params();

    /// <summary>Returns 0 on success.</summary>
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial uint llama_model_quantize(string inputPath, string outputPath, LlamaModelQuantizeParams* parameters);
}
