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

        var (tokens, scores, types) = BuildVocabulary(options.ExtraTokens ?? DefaultExtraTokens, options.VocabularySize);
        var writer = new GgufWriter();
        writer.Add("general.architecture", "llama");
        writer.Add("general.name", SyntheticName);
        writer.Add("general.file_type", options.HalfPrecision ? 1u : 0u);
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

        // Weights are produced lazily, in this order, while the file is written: the random sequence (and so every
        // existing seed's model) is unchanged, and a large preset never sits in memory whole.
        var random = new Random(options.Seed);
        var embd = options.Embedding;
        var vocab = tokens.Count;
        var ff = options.FeedForward;
        var half = options.HalfPrecision;
        Matrix(writer, random, half, "token_embd.weight", embd, vocab, 1.0f);
        Norm(writer, "output_norm.weight", embd);

        // A larger output scale gives peaked but varied next-token distributions, so seeds really differ.
        Matrix(writer, random, half, "output.weight", embd, vocab, 0.5f);
        for (var layer = 0; layer < options.Layers; layer++)
        {
            var scale = 1.0f / MathF.Sqrt(embd);
            Norm(writer, $"blk.{layer}.attn_norm.weight", embd);
            Matrix(writer, random, half, $"blk.{layer}.attn_q.weight", embd, embd, scale);
            Matrix(writer, random, half, $"blk.{layer}.attn_k.weight", embd, embd, scale);
            Matrix(writer, random, half, $"blk.{layer}.attn_v.weight", embd, embd, scale);
            Matrix(writer, random, half, $"blk.{layer}.attn_output.weight", embd, embd, scale);
            Norm(writer, $"blk.{layer}.ffn_norm.weight", embd);
            Matrix(writer, random, half, $"blk.{layer}.ffn_gate.weight", embd, ff, scale);
            Matrix(writer, random, half, $"blk.{layer}.ffn_up.weight", embd, ff, scale);
            Matrix(writer, random, half, $"blk.{layer}.ffn_down.weight", ff, embd, 1.0f / MathF.Sqrt(ff));
        }

        writer.WriteTo(stream);
    }

    /// <summary>A 2-D weight in ggml order [<paramref name="ne0"/>, <paramref name="ne1"/>], F16 or F32, uniform in ±<paramref name="scale"/>.</summary>
    private static void Matrix(GgufWriter writer, Random random, bool half, string name, int ne0, int ne1, float scale)
    {
        var count = ne0 * ne1;
        var type = half ? GgmlType.F16 : GgmlType.F32;
        var length = (long)count * (half ? 2 : sizeof(float));
        writer.AddTensor(name, [ne0, ne1], type, length, () => half ? RandomF16(random, count, scale) : RandomF32(random, count, scale));
    }

    private static void Norm(GgufWriter writer, string name, int count) =>
        writer.AddTensor(name, [count], GgmlType.F32, (long)count * sizeof(float), () => OnesF32(count));

    private static (List<string> Tokens, List<float> Scores, List<int> Types) BuildVocabulary(IReadOnlyList<string> extras, int size)
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

        // Padding to a realistic vocabulary (its size drives the output layer's cost): rare normal tokens that
        // ordinary text never produces, scored below every real fragment.
        for (var i = 0; tokens.Count < size; i++)
        {
            var filler = $"\u2581\u00b7{i}";
            if (seen.Add(filler))
            {
                tokens.Add(filler);
                scores.Add(-2000f);
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

    private static byte[] RandomF16(Random random, int count, float scale)
    {
        var bytes = new byte[count * 2];
        for (var i = 0; i < count; i++)
        {
            var value = ((float)random.NextDouble() * 2 - 1) * scale;
            BinaryPrimitives.WriteHalfLittleEndian(bytes.AsSpan(i * 2), (Half)value);
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
