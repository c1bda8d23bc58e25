using System.Text;

namespace FlowLens.Inference;

/// <summary>
/// The prompt format for models without a usable chat template (our tiny model, some base models):
/// one <c>&lt;|role|&gt;</c> header line per message followed by its text, then an open <c>&lt;|assistant|&gt;</c>
/// header. It is deliberately plain; a model trained on a real template should ship that template.
/// </summary>
public static class ChatPromptFallback
{
    public static string Format(IReadOnlyList<ChatTurn> messages)
    {
        var builder = new StringBuilder();
        foreach (var message in messages)
        {
            builder.Append("<|").Append(message.Role).Append("|>\n").Append(message.Content).Append('\n');
        }

        return builder.Append("<|assistant|>\n").ToString();
    }
}
