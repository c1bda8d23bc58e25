using FlowLens.Inference.Gguf;

namespace FlowLens.Inference.Tests;

public sealed class GgufFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flowlens-gguf-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Tiny_model_header_reports_its_shape()
    {
        var path = Path.Combine(_dir, "tiny.gguf");
        TinyGgufWriter.Write(path, new TinyModelOptions { Seed = 1, Layers = 3, Embedding = 32, FeedForward = 64, Heads = 4, ContextLength = 512 });

        var info = GgufFile.ReadInfo(path);

        Assert.Equal(3u, info.Version);
        Assert.Equal("llama", info.Architecture);
        Assert.Equal(TinyGgufWriter.SyntheticName, info.Name);
        Assert.Equal(512, info.ContextLength);
        Assert.Equal(32, info.EmbeddingLength);
        Assert.Equal(3, info.BlockCount);
        Assert.Equal("F32", info.FileType);
        Assert.Null(info.ChatTemplate);
        Assert.Equal(3 + (3 * 9), info.TensorCount);

        // Two vocab x embd matrices, one norm, and per layer 4 attention, 3 FFN and 2 norm tensors.
        var vocab = info.VocabularySize;
        var expected = (2L * vocab * 32) + 32 + (3 * ((4 * 32 * 32) + (3 * 32 * 64) + (2 * 32)));
        Assert.Equal(expected, info.ParameterCount);
        Assert.Equal(expected * 4, info.TensorDataBytes);
        Assert.True(ModelDescriptor.FromInfo(info).IsSynthetic);
    }

    [Fact]
    public void Same_seed_writes_identical_files_and_other_seeds_differ()
    {
        byte[] Write(int seed)
        {
            using var stream = new MemoryStream();
            TinyGgufWriter.Write(stream, new TinyModelOptions { Seed = seed });
            return stream.ToArray();
        }

        Assert.Equal(Write(5), Write(5));
        Assert.NotEqual(Write(5), Write(6));
    }

    [Fact]
    public void Missing_file_is_reported_as_missing()
    {
        var error = Assert.Throws<ModelFileException>(() => GgufFile.ReadInfo(Path.Combine(_dir, "absent.gguf")));
        Assert.Equal(ModelFileProblem.Missing, error.Problem);
        Assert.Contains("make-tiny", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_gguf_file_is_reported_as_not_gguf()
    {
        var path = Path.Combine(_dir, "notes.gguf");
        File.WriteAllText(path, "this is a text file, not a model");
        Assert.Equal(ModelFileProblem.NotGguf, Assert.Throws<ModelFileException>(() => GgufFile.ReadInfo(path)).Problem);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(2000)]
    [InlineData(-100)]
    public void Truncated_file_is_reported_as_truncated(int keepBytes)
    {
        var path = Path.Combine(_dir, "cut.gguf");
        TinyGgufWriter.Write(path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(keepBytes > 0 ? keepBytes : bytes.Length + keepBytes)]);

        Assert.Equal(ModelFileProblem.Truncated, Assert.Throws<ModelFileException>(() => GgufFile.ReadInfo(path)).Problem);
    }

    [Fact]
    public void Writer_aligns_tensor_data_to_32_bytes()
    {
        var writer = new GgufWriter();
        writer.Add("general.architecture", "llama");
        writer.AddTensor("a", [3], GgmlType.F32, new byte[12]);
        writer.AddTensor("b", [1], GgmlType.F32, new byte[4]);
        using var stream = new MemoryStream();
        writer.WriteTo(stream);

        Assert.Equal(0, stream.Length % GgufWriter.Alignment);
    }

    [Fact]
    public async Task Tiny_model_cache_writes_once_and_reuses_the_file()
    {
        var path = await TinyModelCache.EnsureAsync(_dir);
        var written = File.GetLastWriteTimeUtc(path);
        var again = await TinyModelCache.EnsureAsync(_dir);

        Assert.Equal(path, again);
        Assert.Equal(written, File.GetLastWriteTimeUtc(again));
        Assert.Equal(TinyModelCache.FileName, Path.GetFileName(path));
        Assert.Single(Directory.GetFiles(_dir));
        Assert.Equal("llama", GgufFile.ReadInfo(path).Architecture);
    }

    [Fact]
    public void Default_cache_directory_follows_xdg_cache_home()
    {
        Assert.EndsWith(Path.Combine("flowlens", "models"), ModelCacheDirectory.Default, StringComparison.Ordinal);
    }
}
