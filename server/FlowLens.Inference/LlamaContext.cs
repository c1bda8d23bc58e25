using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using FlowLens.Inference.Generation;
using FlowLens.Inference.Native;
using FlowLens.Inference.Runtime;

namespace FlowLens.Inference;

/// <summary>
/// A KV cache plus sampling state on a <see cref="LlamaModel"/>. It remembers the tokens of its single sequence, so
/// a call whose prompt shares a prefix with the previous prompt+output decodes only the new suffix.
/// Concurrent calls are serialised by a <see cref="SemaphoreSlim"/>: a second <see cref="GenerateAsync"/> waits (and
/// can be cancelled while waiting) until the first stream is finished or disposed, because both would otherwise
/// write the same KV cache.
/// </summary>
public sealed class LlamaContext : IDisposable
{
    private readonly LlamaModel _model;
    private readonly SafeLlamaContextHandle _handle;
    private readonly nint _memory;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<int> _cached = [];
    private readonly LlamaTokenData[] _candidates;

    private const long SmallModelParameters = 50_000_000;

    /// <summary>llama.cpp's LLAMA_MAX_SEQ.</summary>
    private const int MaxSequences = 256;

    // Read by the native abort callback during llama_decode; pinned so its address is stable.
    private readonly int[] _abortFlag = GC.AllocateArray<int>(1, pinned: true);

    internal LlamaContext(LlamaModel model, LlamaContextOptions options)
    {
        _model = model;
        ContextSize = options.ContextSize > 0 ? options.ContextSize : Math.Min(model.TrainedContextLength, 4096);
        BatchSize = Math.Clamp(options.BatchSize, 1, ContextSize);
        Threads = options.Threads > 0 ? options.Threads : DefaultThreads(model);
        FlashAttention = options.FlashAttention;
        Sequences = Math.Clamp(options.Sequences, 1, MaxSequences);
        var estimate = model.MemoryEstimate.ContextBytes(ContextSize);
        var available = MemoryEstimate.AvailableHostBytes();
        if (estimate > available)
        {
            throw new ContextTooLargeException(ContextSize, estimate, available);
        }

        _candidates = new LlamaTokenData[model.VocabularySize];
        var mark = LlamaLog.Mark();
        _handle = Create(model, this);
        if (_handle.IsInvalid)
        {
            _handle.Dispose();
            throw new ContextTooLargeException($"llama.cpp could not create a context of {ContextSize} tokens: {LlamaLog.Since(mark)} Lower ContextSize.");
        }

        _memory = LlamaNative.llama_get_memory(_handle);
    }

    public LlamaModel Model => _model;

    public int ContextSize { get; }

    public int BatchSize { get; }

    public int Threads { get; }

    /// <summary>How many sequences one <see cref="GenerateBatchAsync"/> decodes together (llama.cpp's n_seq_max).</summary>
    public int Sequences { get; }

    /// <summary>The flash-attention setting asked for (null: llama.cpp's automatic choice).</summary>
    public bool? FlashAttention { get; }

    /// <summary>Tokens currently held in the KV cache (prompt and generated output of the last call).</summary>
    public int CachedTokenCount => _cached.Count;

    /// <summary>Counters of the most recent completed generation.</summary>
    public GenerationCounters? LastCounters { get; private set; }

    /// <summary>
    /// Streams the continuation of <paramref name="prompt"/> (raw text: apply a chat template first for chat models).
    /// Cancellation is checked before every token and aborts a running decode, so the stream ends within one token.
    /// The last piece carries the <see cref="GenerationCounters"/>.
    /// </summary>
    /// <exception cref="GrammarException">The grammar or schema is invalid.</exception>
    /// <exception cref="ContextTooLargeException">The prompt does not fit in the context.</exception>
    public async IAsyncEnumerable<GeneratedPiece> GenerateAsync(
        string prompt,
        GenerationOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= new GenerationOptions();
        var grammarText = options.ResolveGrammar();
        var promptTokens = _model.Tokenize(prompt).Select(t => t.Value).ToArray();
        if (promptTokens.Length == 0)
        {
            throw new ArgumentException("The prompt produced no tokens.", nameof(prompt));
        }

        if (promptTokens.Length >= ContextSize)
        {
            throw new ContextTooLargeException($"The prompt has {promptTokens.Length} tokens but the context holds {ContextSize}. Shorten the prompt or raise ContextSize.");
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            using var grammar = grammarText is null ? null : CreateGrammar(grammarText);
            using var chain = CreateChain(options);
            Volatile.Write(ref _abortFlag[0], 0);
            using var registration = cancellationToken.Register(static state => Volatile.Write(ref ((int[])state!)[0], 1), _abortFlag);

            var prefillStarted = Stopwatch.GetTimestamp();
            if (!options.ReusePromptCache && _cached.Count > 0)
            {
                LlamaNative.llama_memory_clear(_memory, true);
                _cached.Clear();
            }

            var reused = Prefill(promptTokens, cancellationToken);
            var prefillMs = Stopwatch.GetElapsedTime(prefillStarted).TotalMilliseconds;

            var decoder = Encoding.UTF8.GetDecoder();
            var stops = new StopSequenceFilter(options.StopSequences);
            var generated = 0;
            var decodeTicks = 0L;
            FinishReason finish;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (generated >= options.MaxTokens)
                {
                    finish = FinishReason.Length;
                    break;
                }

                var started = Stopwatch.GetTimestamp();
                var sampled = Sample(chain, grammar, -1);
                decodeTicks += Stopwatch.GetTimestamp() - started;
                if (sampled is not { } token)
                {
                    finish = FinishReason.GrammarDeadEnd;
                    break;
                }

                if (LlamaNative.llama_vocab_is_eog(_model.Vocab, token))
                {
                    finish = FinishReason.EndOfGeneration;
                    break;
                }

                if (grammar is not null)
                {
                    LlamaNative.llama_sampler_accept(grammar, token);
                }

                generated++;
                var (release, stopped) = stops.Push(DecodeUtf8(decoder, _model.TokenBytes(new LlamaToken(token)), flush: false));
                yield return new GeneratedPiece(release, new LlamaToken(token));
                if (stopped)
                {
                    finish = FinishReason.StopSequence;
                    break;
                }

                if (_cached.Count >= ContextSize)
                {
                    finish = FinishReason.ContextFull;
                    break;
                }

                started = Stopwatch.GetTimestamp();
                Decode([token], cancellationToken);
                decodeTicks += Stopwatch.GetTimestamp() - started;
            }

            var tail = finish == FinishReason.StopSequence ? "" : stops.Push(DecodeUtf8(decoder, [], flush: true)).Release + stops.Flush();
            var counters = new GenerationCounters(
                promptTokens.Length,
                reused,
                promptTokens.Length - reused,
                generated,
                prefillMs,
                Stopwatch.GetElapsedTime(0, decodeTicks).TotalMilliseconds,
                finish);
            LastCounters = counters;
            yield return new GeneratedPiece(tail, LlamaToken.Null) { Counters = counters };
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs <see cref="GenerateAsync"/> to the end and returns the text with its counters.</summary>
    public async Task<(string Text, GenerationCounters Counters)> GenerateTextAsync(string prompt, GenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var text = new StringBuilder();
        GenerationCounters? counters = null;
        await foreach (var piece in GenerateAsync(prompt, options, cancellationToken))
        {
            text.Append(piece.Text);
            counters = piece.Counters ?? counters;
        }

        return (text.ToString(), counters!);
    }

    /// <summary>
    /// Generates one completion of <paramref name="prompt"/> per entry of <paramref name="options"/> (typically the same
    /// settings with different seeds), decoding the sequences together: the prompt is evaluated once in sequence 0
    /// (reusing the cache like <see cref="GenerateAsync"/>), copied to the other sequences with the memory API, and
    /// every later step submits one token per unfinished sequence in a single <c>llama_decode</c>. Each sequence has
    /// its own sampler chain and grammar and ends on its own. More entries than <see cref="Sequences"/> run in rounds.
    /// Cancellation aborts a running decode, so the call ends within one token. Results keep the order of
    /// <paramref name="options"/>.
    /// </summary>
    /// <exception cref="GrammarException">A grammar or schema is invalid.</exception>
    /// <exception cref="ContextTooLargeException">The prompt does not fit in the context.</exception>
    public async Task<IReadOnlyList<GeneratedText>> GenerateBatchAsync(string prompt, IReadOnlyList<GenerationOptions> options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Count == 0)
        {
            return [];
        }

        var grammars = options.Select(o => o.ResolveGrammar()).ToArray();
        var promptTokens = _model.Tokenize(prompt).Select(t => t.Value).ToArray();
        if (promptTokens.Length == 0)
        {
            throw new ArgumentException("The prompt produced no tokens.", nameof(prompt));
        }

        if (promptTokens.Length >= ContextSize)
        {
            throw new ContextTooLargeException($"The prompt has {promptTokens.Length} tokens but the context holds {ContextSize}. Shorten the prompt or raise ContextSize.");
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            Volatile.Write(ref _abortFlag[0], 0);
            using var registration = cancellationToken.Register(static state => Volatile.Write(ref ((int[])state!)[0], 1), _abortFlag);
            var results = new List<GeneratedText>(options.Count);
            for (var start = 0; start < options.Count; start += Sequences)
            {
                var count = Math.Min(Sequences, options.Count - start);
                results.AddRange(GenerateRound(promptTokens, options.Skip(start).Take(count).ToArray(), grammars[start..(start + count)], cancellationToken));
            }

            return results;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets the cached tokens; the next call decodes its whole prompt.</summary>
    public void ClearCache()
    {
        _gate.Wait();
        try
        {
            LlamaNative.llama_memory_clear(_memory, true);
            _cached.Clear();
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        Volatile.Write(ref _abortFlag[0], 1);
        _handle.Dispose();
    }

    /// <summary>
    /// ggml's worker threads spin at a barrier after every op; for tiny models that synchronisation costs far more
    /// than the maths (and collapses on a busy machine), so they get one thread.
    /// </summary>
    private static int DefaultThreads(LlamaModel model) =>
        model.Info.ParameterCount < SmallModelParameters ? 1 : Math.Clamp(Environment.ProcessorCount, 1, 8);

    private static unsafe SafeLlamaContextHandle Create(LlamaModel model, LlamaContext owner)
    {
        var parameters = LlamaNative.llama_context_default_params();
        parameters.NCtx = (uint)owner.ContextSize;
        parameters.NBatch = (uint)owner.BatchSize;
        parameters.NUbatch = (uint)owner.BatchSize;
        parameters.NSeqMax = (uint)owner.Sequences;

        // One unified KV cache: the shared prompt's cells then belong to every sequence (seq_cp tags them rather than
        // copying), and each sequence may use the whole context.
        parameters.KvUnified = owner.Sequences > 1 ? (byte)1 : (byte)0;
        parameters.NThreads = owner.Threads;
        parameters.NThreadsBatch = owner.Threads;
        if (owner.FlashAttention is { } flash)
        {
            parameters.FlashAttnType = flash ? 1 : 0;
        }

        parameters.NoPerf = 1;
        parameters.AbortCallback = (nint)(delegate* unmanaged[Cdecl]<void*, byte>)&ShouldAbort;
        parameters.AbortCallbackData = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(owner._abortFlag));
        return SafeLlamaContextHandle.Create(model.Handle, parameters);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static unsafe byte ShouldAbort(void* flag) => Volatile.Read(ref *(int*)flag) != 0 ? (byte)1 : (byte)0;

    private static string DecodeUtf8(Decoder decoder, byte[] bytes, bool flush)
    {
        var chars = new char[decoder.GetCharCount(bytes, flush) + 1];
        var count = decoder.GetChars(bytes, 0, bytes.Length, chars, 0, flush);
        return new string(chars, 0, count);
    }

    private SafeLlamaSamplerHandle CreateGrammar(string grammar)
    {
        var mark = LlamaLog.Mark();
        var pointer = LlamaNative.llama_sampler_init_grammar(_model.Vocab, grammar, "root");
        if (pointer == 0)
        {
            var log = LlamaLog.Since(mark);
            throw new GrammarException($"llama.cpp rejected the grammar (it must define a `root` rule and use only defined rules){(log.Length > 0 ? ": " + log : ".")}");
        }

        return SafeLlamaSamplerHandle.Wrap(pointer);
    }

    private static SafeLlamaSamplerHandle CreateChain(GenerationOptions options)
    {
        var chain = SafeLlamaSamplerHandle.Wrap(LlamaNative.llama_sampler_chain_init(noPerf: 1));
        if (options.Temperature <= 0)
        {
            LlamaNative.llama_sampler_chain_add(chain, LlamaNative.llama_sampler_init_greedy());
            return chain;
        }

        LlamaNative.llama_sampler_chain_add(chain, LlamaNative.llama_sampler_init_top_p(options.TopP, 1));
        LlamaNative.llama_sampler_chain_add(chain, LlamaNative.llama_sampler_init_min_p(options.MinP, 1));
        LlamaNative.llama_sampler_chain_add(chain, LlamaNative.llama_sampler_init_temp(options.Temperature));
        LlamaNative.llama_sampler_chain_add(chain, LlamaNative.llama_sampler_init_dist(options.Seed ?? (uint)Random.Shared.Next()));
        return chain;
    }

    /// <summary>One round of <see cref="GenerateBatchAsync"/>: at most <see cref="Sequences"/> sequences.</summary>
    private List<GeneratedText> GenerateRound(int[] promptTokens, GenerationOptions[] options, string?[] grammarTexts, CancellationToken cancellationToken)
    {
        var sequences = new List<BatchSequence>(options.Length);
        try
        {
            for (var i = 0; i < options.Length; i++)
            {
                var grammar = grammarTexts[i] is { } text ? CreateGrammar(text) : null;
                sequences.Add(new BatchSequence(new LlamaSeqId(i), options[i], CreateChain(options[i]), grammar));
            }

            var prefillStarted = Stopwatch.GetTimestamp();
            if (options.Any(o => !o.ReusePromptCache) && _cached.Count > 0)
            {
                LlamaNative.llama_memory_clear(_memory, true);
                _cached.Clear();
            }

            var reused = Prefill(promptTokens, cancellationToken);
            for (var i = 1; i < sequences.Count; i++)
            {
                LlamaNative.llama_memory_seq_rm(_memory, sequences[i].Id, LlamaPos.End, LlamaPos.End);
                LlamaNative.llama_memory_seq_cp(_memory, LlamaSeqId.Default, sequences[i].Id, LlamaPos.End, LlamaPos.End);
            }

            var prefillMs = Stopwatch.GetElapsedTime(prefillStarted).TotalMilliseconds;
            var decodeStarted = Stopwatch.GetTimestamp();
            using var batch = SafeLlamaBatchHandle.Allocate(sequences.Count);

            // Cells in use: the shared prompt once, plus every token decoded for any sequence.
            var used = promptTokens.Length;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                batch.Clear();
                foreach (var sequence in sequences.Where(s => s.IsActive))
                {
                    if (Step(sequence) is not { } token)
                    {
                        continue;
                    }

                    // The token sits at position prompt + generated - 1 and needs one free cell.
                    if (used + batch.Count >= ContextSize)
                    {
                        sequence.End(FinishReason.ContextFull);
                        continue;
                    }

                    sequence.LogitsIndex = batch.Add(token, promptTokens.Length + sequence.Generated - 1, sequence.Id, wantLogits: true);
                }

                if (batch.Count == 0)
                {
                    break;
                }

                DecodeBatch(batch, cancellationToken);
                used += batch.Count;
            }

            var decodeMs = Stopwatch.GetElapsedTime(decodeStarted).TotalMilliseconds;
            var results = sequences.Select(s => new GeneratedText(
                s.Text(),
                new GenerationCounters(promptTokens.Length, reused, promptTokens.Length - reused, s.Generated, prefillMs, decodeMs, s.Finish!.Value) { BatchedSequences = sequences.Count })).ToList();
            LastCounters = results[0].Counters;
            return results;
        }
        finally
        {
            // Only sequence 0's prompt stays cached (what _cached describes); the other sequences and every generated
            // token leave the cache, so the next call's prefix reuse sees exactly the prompt.
            for (var i = 1; i < options.Length; i++)
            {
                LlamaNative.llama_memory_seq_rm(_memory, new LlamaSeqId(i), LlamaPos.End, LlamaPos.End);
            }

            LlamaNative.llama_memory_seq_rm(_memory, LlamaSeqId.Default, new LlamaPos(_cached.Count), LlamaPos.End);
            foreach (var sequence in sequences)
            {
                sequence.Dispose();
            }
        }
    }

    /// <summary>
    /// Samples the next token of <paramref name="sequence"/> and applies the end conditions that do not need a decode;
    /// returns the token to decode next, or null when the sequence ended.
    /// </summary>
    private int? Step(BatchSequence sequence)
    {
        if (sequence.Generated >= sequence.Options.MaxTokens)
        {
            sequence.End(FinishReason.Length);
            return null;
        }

        if (Sample(sequence.Chain, sequence.Grammar, sequence.LogitsIndex) is not { } token)
        {
            sequence.End(FinishReason.GrammarDeadEnd);
            return null;
        }

        if (LlamaNative.llama_vocab_is_eog(_model.Vocab, token))
        {
            sequence.End(FinishReason.EndOfGeneration);
            return null;
        }

        if (sequence.Grammar is not null)
        {
            LlamaNative.llama_sampler_accept(sequence.Grammar, token);
        }

        return sequence.Append(_model.TokenBytes(new LlamaToken(token))) ? null : token;
    }

    /// <summary>Decodes one step of several sequences; on failure the caller's cleanup drops what the step wrote.</summary>
    private void DecodeBatch(SafeLlamaBatchHandle batch, CancellationToken cancellationToken)
    {
        var status = LlamaNative.llama_decode(_handle, batch.Value);
        switch ((LlamaDecodeStatus)status)
        {
            case LlamaDecodeStatus.Success:
                return;
            case LlamaDecodeStatus.Aborted:
                cancellationToken.ThrowIfCancellationRequested();
                throw new ObjectDisposedException(nameof(LlamaContext));
            case LlamaDecodeStatus.NoKvSlot:
                throw new ContextTooLargeException($"The KV cache of {ContextSize} tokens is full. Raise ContextSize or shorten the prompt.");
            default:
                throw new InferenceException($"llama_decode failed with status {status}.");
        }
    }

    /// <summary>Brings the KV cache to <paramref name="prompt"/>, reusing the common prefix; returns the reused count.</summary>
    private int Prefill(int[] prompt, CancellationToken cancellationToken)
    {
        var reuse = 0;
        while (reuse < _cached.Count && reuse < prompt.Length && _cached[reuse] == prompt[reuse])
        {
            reuse++;
        }

        // The last prompt token is always decoded again: its logits are what the first sample needs.
        reuse = Math.Min(reuse, prompt.Length - 1);
        if (reuse < _cached.Count)
        {
            if (LlamaNative.llama_memory_seq_rm(_memory, LlamaSeqId.Default, new LlamaPos(reuse), LlamaPos.End))
            {
                _cached.RemoveRange(reuse, _cached.Count - reuse);
            }
            else
            {
                LlamaNative.llama_memory_clear(_memory, true);
                _cached.Clear();
                reuse = 0;
            }
        }

        for (var start = reuse; start < prompt.Length; start += BatchSize)
        {
            Decode(prompt.AsSpan(start, Math.Min(BatchSize, prompt.Length - start)), cancellationToken);
        }

        return reuse;
    }

    private unsafe void Decode(ReadOnlySpan<int> tokens, CancellationToken cancellationToken)
    {
        int status;
        fixed (int* pointer = tokens)
        {
            status = LlamaNative.llama_decode(_handle, LlamaNative.llama_batch_get_one(pointer, tokens.Length));
        }

        switch ((LlamaDecodeStatus)status)
        {
            case LlamaDecodeStatus.Success:
                _cached.AddRange(tokens);
                return;
            case LlamaDecodeStatus.Aborted:
                // Ubatches processed before the abort stay in memory; drop them so the cache matches _cached.
                LlamaNative.llama_memory_seq_rm(_memory, LlamaSeqId.Default, new LlamaPos(_cached.Count), LlamaPos.End);
                cancellationToken.ThrowIfCancellationRequested();
                throw new ObjectDisposedException(nameof(LlamaContext));
            case LlamaDecodeStatus.NoKvSlot:
                throw new ContextTooLargeException($"The KV cache of {ContextSize} tokens is full. Raise ContextSize or shorten the prompt.");
            default:
                LlamaNative.llama_memory_seq_rm(_memory, LlamaSeqId.Default, new LlamaPos(_cached.Count), LlamaPos.End);
                throw new InferenceException($"llama_decode failed with status {status}.");
        }
    }

    /// <summary>
    /// Picks the next token without <c>llama_sampler_sample</c>: that function throws a C++ exception through the C
    /// API (aborting the process) when a grammar allows nothing. We apply the grammar ourselves and report a dead end.
    /// Like llama.cpp's common sampler, we first sample unconstrained and only mask the whole vocabulary when the
    /// grammar rejects that token, which keeps grammar overhead low on large vocabularies.
    /// </summary>
    private unsafe int? Sample(SafeLlamaSamplerHandle chain, SafeLlamaSamplerHandle? grammar, int logitsIndex)
    {
        var logits = LlamaNative.llama_get_logits_ith(_handle, logitsIndex);
        if (logits is null)
        {
            throw new InferenceException($"llama.cpp returned no logits for batch entry {logitsIndex}.");
        }

        FillCandidates(logits);
        fixed (LlamaTokenData* data = _candidates)
        {
            var all = new LlamaTokenDataArray { Data = data, Size = (nuint)_candidates.Length, Selected = -1 };
            var token = Pick(chain, &all);
            if (grammar is null)
            {
                return token;
            }

            var single = new LlamaTokenData { Id = token, Logit = 1f };
            var one = new LlamaTokenDataArray { Data = &single, Size = 1, Selected = -1 };
            LlamaNative.llama_sampler_apply(grammar, &one);
            if (!float.IsNegativeInfinity(one.Data[0].Logit))
            {
                return token;
            }

            FillCandidates(logits);
            all = new LlamaTokenDataArray { Data = data, Size = (nuint)_candidates.Length, Selected = -1 };
            LlamaNative.llama_sampler_apply(grammar, &all);
            var anyAllowed = false;
            for (var i = 0; i < (int)all.Size; i++)
            {
                if (!float.IsNegativeInfinity(all.Data[i].Logit))
                {
                    anyAllowed = true;
                    break;
                }
            }

            return anyAllowed ? Pick(chain, &all) : null;
        }
    }

    private static unsafe int Pick(SafeLlamaSamplerHandle chain, LlamaTokenDataArray* candidates)
    {
        LlamaNative.llama_sampler_apply(chain, candidates);
        if (candidates->Selected >= 0 && (ulong)candidates->Selected < candidates->Size)
        {
            return candidates->Data[candidates->Selected].Id;
        }

        var best = 0;
        for (var i = 1; i < (int)candidates->Size; i++)
        {
            if (candidates->Data[i].Logit > candidates->Data[best].Logit)
            {
                best = i;
            }
        }

        return candidates->Data[best].Id;
    }

    private unsafe void FillCandidates(float* logits)
    {
        for (var i = 0; i < _candidates.Length; i++)
        {
            _candidates[i] = new LlamaTokenData { Id = i, Logit = logits[i], P = 0 };
        }
    }
}
