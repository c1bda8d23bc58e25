using System.Buffers.Binary;
using FlowLens.Inference.Gguf;

namespace FlowLens.Inference;

/// <summary>
/// Writes a valid, loadable GGUF v3 "llama" model with seeded random F32 weights and a byte-level SPM vocabulary
/// (<c>&lt;unk&gt; &lt;s&gt; &lt;/s&gt;</c>, the 256 <c>&lt;0xXX&gt;</c> byte tokens, then code fragments). Its output is
/// noise, which is what grammar and plumbing tests want: any accepted output is the grammar's doing.
/// </summary>
public static class TinyGgufWriter
{
    /// <summary>The <c>general.name</c> our writer stamps; <see cref="ModelDescriptor.IsSynthetic"/> keys off it.</summary>
    public const string SyntheticName = "flowlens-tiny-random";

    private const int TokenTypeNormal = 1;
    private const int TokenTypeUnknown = 2;
    private const int TokenTypeControl = 3;
    private const int TokenTypeByte = 6;

    private static readonly string[] DefaultExtraTokens =
    [
        "{", "}", "[", "]", ":", ",", "\"", "(", ")", ";", ".", "=", "0", "1", "2", "5", "true", "false", "null",
        "\u2581public", "\u2581class", "\u2581void", "\u2581return", "\u2581var", "\u2581new", "\u2581string",
        "\u2581int", "\u2581if", "\u2581else", "\u2581async", "\u2581await", "\u2581static", "name", "value", "id",
        "type", "kind", "line", "\":", "\",", "\":\"", "\u2581{", "\u2581}", "\u2581=", "\u2581the", "Task",
        "\u2581a", "e", "t", "a", "o", "i", "n", "s", "r", "\u2581",
    ];

    public static void Write(string path, TinyModelOptions? options = null)
    {
        using var stream = File.Create(path);
        Write(stream, options);
    }

    public static void Write(Stream stream, TinyModelOptions? options = null)
    {
        options ??= new TinyModelOptions();
        if (options.Embedding % options.Heads != 0)
        {
            throw new ArgumentException($"Embedding ({options.Embedding}) must be a multiple of Heads ({options.Heads}).", nameof(options));
        }

        var (tokens, scores, types) = BuildVocabulary(options.ExtraTokens ?? DefaultExtraTokens);
        var writer = new GgufWriter();
        writer.Add("general.architecture", "llama");
        writer.Add("general.name", SyntheticName);
        writer.Add("general.file_type", 0u);
        writer.Add("llama.context_length", (uint)options.ContextLength);
        writer.Add("llama.embedding_length", (uint)options.Embedding);
        writer.Add("llama.block_count", (uint)options.Layers);
        writer.Add("llama.feed_forward_length", (uint)options.FeedForward);
        writer.Add("llama.attention.head_count", (uint)options.Heads);
        writer.Add("llama.attention.head_count_kv", (uint)options.Heads);
        writer.Add("llama.attention.layer_norm_rms_epsilon", 1e-5f);
        writer.Add("llama.rope.dimension_count", (uint)(options.Embedding / options.Heads));
        writer.Add("tokenizer.ggml.model", "llama");
        writer.Add("tokenizer.ggml.tokens", tokens);
        writer.Add("tokenizer.ggml.scores", scores);
        writer.Add("tokenizer.ggml.token_type", types);
        writer.Add("tokenizer.ggml.unknown_token_id", 0u);
        writer.Add("tokenizer.ggml.bos_token_id", 1u);
        writer.Add("tokenizer.ggml.eos_token_id", 2u);

        var random = new Random(options.Seed);
        var embd = options.Embedding;
        var vocab = tokens.Count;
        writer.AddTensor("token_embd.weight", [embd, vocab], GgmlType.F32, RandomF32(random, embd * vocab, 1.0f));
        writer.AddTensor("output_norm.weight", [embd], GgmlType.F32, OnesF32(embd));

        // A larger output scale gives peaked but varied next-token distributions, so seeds really differ.
        writer.AddTensor("output.weight", [embd, vocab], GgmlType.F32, RandomF32(random, embd * vocab, 0.5f));
        for (var layer = 0; layer < options.Layers; layer++)
        {
            var scale = 1.0f / MathF.Sqrt(embd);
            writer.AddTensor($"blk.{layer}.attn_norm.weight", [embd], GgmlType.F32, OnesF32(embd));
            writer.AddTensor($"blk.{layer}.attn_q.weight", [embd, embd], GgmlType.F32, RandomF32(random, embd * embd, scale));
            writer.AddTensor($"blk.{layer}.attn_k.weight", [embd, embd], GgmlType.F32, RandomF32(random, embd * embd, scale));
            writer.AddTensor($"blk.{layer}.attn_v.weight", [embd, embd], GgmlType.F32, RandomF32(random, embd * embd, scale));
            writer.AddTensor($"blk.{layer}.attn_output.weight", [embd, embd], GgmlType.F32, RandomF32(random, embd * embd, scale));
            writer.AddTensor($"blk.{layer}.ffn_norm.weight", [embd], GgmlType.F32, OnesF32(embd));
            writer.AddTensor($"blk.{layer}.ffn_gate.weight", [embd, options.FeedForward], GgmlType.F32, RandomF32(random, embd * options.FeedForward, scale));
            writer.AddTensor($"blk.{layer}.ffn_up.weight", [embd, options.FeedForward], GgmlType.F32, RandomF32(random, embd * options.FeedForward, scale));
            writer.AddTensor($"blk.{layer}.ffn_down.weight", [options.FeedForward, embd], GgmlType.F32, RandomF32(random, embd * options.FeedForward, 1.0f / MathF.Sqrt(options.FeedForward)));
        }

        writer.WriteTo(stream);
    }

    private static (List<string> Tokens, List<float> Scores, List<int> Types) BuildVocabulary(IReadOnlyList<string> extras)
    {
        var tokens = new List<string> { "<unk>", "<s>", "</s>" };
        var scores = new List<float> { 0, 0, 0 };
        var types = new List<int> { TokenTypeUnknown, TokenTypeControl, TokenTypeControl };
        for (var b = 0; b < 256; b++)
        {
            tokens.Add($"<0x{b:X2}>");
            scores.Add(0);
            types.Add(TokenTypeByte);
        }

        var seen = new HashSet<string>(tokens, StringComparer.Ordinal);
        foreach (var extra in extras)
        {
            if (seen.Add(extra))
            {
                // SPM merges prefer higher scores; longer fragments score higher so they win over their parts.
                tokens.Add(extra);
                scores.Add(-1000f + extra.Length);
                types.Add(TokenTypeNormal);
            }
        }

        return (tokens, scores, types);
    }

    private static byte[] RandomF32(Random random, int count, float scale)
    {
        var bytes = new byte[count * sizeof(float)];
        for (var i = 0; i < count; i++)
        {
            var value = ((float)random.NextDouble() * 2 - 1) * scale;
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), value);
        }

        return bytes;
    }

    private static byte[] OnesF32(int count)
    {
        var bytes = new byte[count * sizeof(float)];
        for (var i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), 1.0f);
        }

        return bytes;
    }
}
