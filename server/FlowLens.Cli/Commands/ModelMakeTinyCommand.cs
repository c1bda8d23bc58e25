using System.CommandLine;
using FlowLens.Inference;

namespace FlowLens.Cli.Commands;

/// <summary><c>flowlens model make-tiny OUT.gguf</c>: write a small random "llama" model for tests and benchmarks.</summary>
internal static class ModelMakeTinyCommand
{
    public static Command Create()
    {
        var output = new Argument<string>("OUT.gguf") { Description = "Where to write the model." };
        var seed = new Option<int>("--seed") { Description = "Seed for the random weights.", DefaultValueFactory = _ => 42 };
        var layers = new Option<int>("--layers") { Description = "Transformer blocks.", DefaultValueFactory = _ => 2 };
        var embedding = new Option<int>("--embd") { Description = "Embedding width (a multiple of 4, the head count).", DefaultValueFactory = _ => 64 };
        var command = new Command("make-tiny", "Write a tiny random-weight GGUF model (output is noise; for tests and benchmarks).");
        command.Arguments.Add(output);
        command.Options.Add(seed);
        command.Options.Add(layers);
        command.Options.Add(embedding);
        command.SetAction(result =>
        {
            var path = result.GetValue(output)!;
            var embd = result.GetValue(embedding);
            try
            {
                TinyGgufWriter.Write(path, new TinyModelOptions
                {
                    Seed = result.GetValue(seed),
                    Layers = result.GetValue(layers),
                    Embedding = embd,
                    FeedForward = embd * 2,
                });
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }

            var info = GgufFile.ReadInfo(path);
            Console.Out.WriteLine($"wrote {path}: {info.ParameterCount:N0} parameters, {info.FileSize:N0} bytes");
            return 0;
        });
        return command;
    }
}
