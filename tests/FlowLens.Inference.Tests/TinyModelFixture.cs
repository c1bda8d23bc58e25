namespace FlowLens.Inference.Tests;

/// <summary>One synthetic model and context for every test that runs llama: loading is per process and cheap, but
/// sharing keeps the suite fast on two cores.</summary>
public sealed class TinyModelFixture : IDisposable
{
    public TinyModelFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "flowlens-inference-tests-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        ModelPath = Path.Combine(Directory, "tiny.gguf");
        TinyGgufWriter.Write(ModelPath, new TinyModelOptions { Seed = 7 });
        Model = LlamaModel.Load(ModelPath);
        Context = Model.CreateContext(new LlamaContextOptions { ContextSize = 2048, Threads = 1 });
    }

    public string Directory { get; }

    public string ModelPath { get; }

    public LlamaModel Model { get; }

    public LlamaContext Context { get; }

    public void Dispose()
    {
        Context.Dispose();
        Model.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
