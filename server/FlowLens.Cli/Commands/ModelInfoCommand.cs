using System.CommandLine;
using System.Globalization;
using FlowLens.Inference;
using Spectre.Console;

namespace FlowLens.Cli.Commands;

/// <summary><c>flowlens model info FILE</c>: what a GGUF header says, without loading weights.</summary>
internal static class ModelInfoCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "A .gguf model file." };
        var command = new Command("info", "Show a GGUF model's architecture, size, quantization, context length and vocabulary.");
        command.Arguments.Add(file);
        command.SetAction(result =>
        {
            GgufInfo info;
            try
            {
                info = GgufFile.ReadInfo(result.GetValue(file)!);
            }
            catch (ModelFileException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }

            var descriptor = ModelDescriptor.FromInfo(info);
            var table = new Table().AddColumn("Property").AddColumn("Value");
            void Row(string name, string? value) => table.AddRow(Markup.Escape(name), Markup.Escape(value ?? "-"));
            Row("id", descriptor.Id);
            Row("path", info.Path);
            Row("name", info.Name);
            Row("architecture", info.Architecture);
            Row("parameters", info.ParameterCount.ToString("N0", CultureInfo.InvariantCulture));
            Row("file type", info.FileType);
            Row("file size", $"{info.FileSize / (1024.0 * 1024):F1} MiB");
            Row("context length", info.ContextLength?.ToString(CultureInfo.InvariantCulture));
            Row("embedding", info.EmbeddingLength?.ToString(CultureInfo.InvariantCulture));
            Row("layers", info.BlockCount?.ToString(CultureInfo.InvariantCulture));
            Row("vocabulary", info.VocabularySize.ToString(CultureInfo.InvariantCulture));
            Row("chat template", info.ChatTemplate is null ? "none (plain fallback)" : $"{info.ChatTemplate.Length} chars");
            Row("synthetic", descriptor.IsSynthetic ? "yes (random weights)" : "no");
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }
}
