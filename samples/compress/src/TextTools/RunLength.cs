namespace TextTools;

public static class RunLength
{
    // TASK: Compress runs of a repeated character into the character followed by the run length.
    // A character that appears once stays as it is.
    // Compress("aaabcc") == "a3bc2"
    public static string Compress(string text)
    {
        throw new NotImplementedException();
    }
}
