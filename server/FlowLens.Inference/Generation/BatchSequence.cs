using System.Text;
using FlowLens.Inference.Native;

namespace FlowLens.Inference.Generation;

/// <summary>
/// The state of one sequence of a batched generation: its own sampler chain, grammar, stop filter and UTF-8 decoder,
/// the text released so far and why it ended. Owns its samplers.
/// </summary>
internal sealed class BatchSequence(LlamaSeqId id, GenerationOptions options, SafeLlamaSamplerHandle chain, SafeLlamaSamplerHandle? grammar) : IDisposable
{
    private readonly StopSequenceFilter _stops = new(options.StopSequences);
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private readonly StringBuilder _text = new();

    public LlamaSeqId Id { get; } = id;

    public GenerationOptions Options { get; } = options;

    public SafeLlamaSamplerHandle Chain { get; } = chain;

    public SafeLlamaSamplerHandle? Grammar { get; } = grammar;

    /// <summary>Tokens sampled and kept (the ones written to the text).</summary>
    public int Generated { get; private set; }

    /// <summary>Index in the last decoded batch whose logits this sequence samples next; -1 is the prompt's last token.</summary>
    public int LogitsIndex { get; set; } = -1;

    public FinishReason? Finish { get; private set; }

    public bool IsActive => Finish is null;

    /// <summary>Appends the token's bytes; returns true when a stop sequence ended the sequence.</summary>
    public bool Append(byte[] bytes)
    {
        Generated++;
        var chars = new char[_decoder.GetCharCount(bytes, flush: false) + 1];
        var count = _decoder.GetChars(bytes, 0, bytes.Length, chars, 0, flush: false);
        var (release, stopped) = _stops.Push(new string(chars, 0, count));
        _text.Append(release);
        if (stopped)
        {
            End(FinishReason.StopSequence);
        }

        return stopped;
    }

    public void End(FinishReason reason) => Finish ??= reason;

    /// <summary>The whole text, with what the decoder and stop filter still held unless a stop sequence ended it.</summary>
    public string Text()
    {
        if (Finish != FinishReason.StopSequence)
        {
            var chars = new char[_decoder.GetCharCount([], flush: true) + 1];
            var count = _decoder.GetChars([], 0, 0, chars, 0, flush: true);
            _text.Append(_stops.Push(new string(chars, 0, count)).Release).Append(_stops.Flush());
        }

        return _text.ToString();
    }

    public void Dispose()
    {
        Grammar?.Dispose();
        Chain.Dispose();
    }
}
