using System.Text;
using FlowLens.Inference.Gguf;

namespace FlowLens.Inference;

/// <summary>Reads GGUF headers (v2 and v3) with typed errors, so bad files are reported before llama.cpp sees them.</summary>
public static class GgufFile
{
    private const uint Magic = 0x46554747;

    // Sanity bounds: a corrupt count must not make us allocate gigabytes.
    private const ulong MaxCount = 100_000_000;
    private const ulong MaxStringBytes = 64 * 1024 * 1024;

    /// <summary>Reads the metadata and tensor table of <paramref name="path"/>.</summary>
    /// <exception cref="ModelFileException">Missing, truncated, not GGUF, or an unsupported GGUF version.</exception>
    public static GgufInfo ReadInfo(string path)
    {
        if (!File.Exists(path))
        {
            throw new ModelFileException(path, ModelFileProblem.Missing, "the file does not exist. Check the path, or run `flowlens model pull` / `flowlens model make-tiny`.");
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var reader = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            return Read(path, stream, reader);
        }
        catch (EndOfStreamException e)
        {
            throw new ModelFileException(path, ModelFileProblem.Truncated, "the file ends inside its GGUF header (truncated download?). Delete it and download again.", e);
        }
    }

    private static GgufInfo Read(string path, FileStream stream, BinaryReader reader)
    {
        if (stream.Length < 4 || reader.ReadUInt32() != Magic)
        {
            throw new ModelFileException(path, ModelFileProblem.NotGguf, "this is not a GGUF file (bad magic). FlowLens runs llama.cpp GGUF models only.");
        }

        var version = reader.ReadUInt32();
        if (version is < 2 or > 3)
        {
            throw new ModelFileException(path, ModelFileProblem.UnsupportedVersion, $"GGUF version {version} is not supported (expected 2 or 3).");
        }

        var tensorCount = Bounded(reader.ReadUInt64(), path);
        var kvCount = Bounded(reader.ReadUInt64(), path);
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (ulong i = 0; i < kvCount; i++)
        {
            var key = ReadString(reader, path);
            var type = (GgufValueType)reader.ReadUInt32();
            values[key] = ReadValue(reader, type, path);
        }

        var alignment = values.TryGetValue("general.alignment", out var a) && a is uint al && al > 0 ? al : GgufWriter.Alignment;
        long parameters = 0;
        long dataEnd = 0;
        var bytesByType = new Dictionary<uint, long>();
        for (ulong i = 0; i < tensorCount; i++)
        {
            _ = ReadString(reader, path);
            var dims = reader.ReadUInt32();
            if (dims > 8)
            {
                throw new ModelFileException(path, ModelFileProblem.Corrupt, $"a tensor declares {dims} dimensions; the file is corrupt.");
            }

            long elements = 1;
            for (var d = 0; d < dims; d++)
            {
                elements *= (long)Bounded(reader.ReadUInt64(), path, ulong.MaxValue >> 8);
            }

            var type = reader.ReadUInt32();
            var offset = (long)reader.ReadUInt64();
            parameters += elements;
            var size = GgmlType.ByteSize(type, elements) ?? 0;
            bytesByType[type] = bytesByType.GetValueOrDefault(type) + size;
            dataEnd = Math.Max(dataEnd, offset + size);
        }

        var dataStart = (stream.Position + alignment - 1) / alignment * alignment;
        if (dataStart + dataEnd > stream.Length)
        {
            throw new ModelFileException(path, ModelFileProblem.Truncated,
                $"the tensor data needs {dataStart + dataEnd} bytes but the file has {stream.Length} (truncated download?). Delete it and download again.");
        }

        var architecture = values.GetValueOrDefault("general.architecture") as string
            ?? throw new ModelFileException(path, ModelFileProblem.Corrupt, "general.architecture is missing; this GGUF is not a model.");
        return new GgufInfo
        {
            Path = path,
            Version = version,
            Architecture = architecture,
            Name = values.GetValueOrDefault("general.name") as string,
            ParameterCount = parameters,
            FileType = values.GetValueOrDefault("general.file_type") is uint ft
                ? FileTypeName(ft)
                : bytesByType.Count == 0 ? "unknown" : GgmlType.Name(bytesByType.MaxBy(kv => kv.Value).Key),
            ContextLength = AsInt(values.GetValueOrDefault($"{architecture}.context_length")),
            EmbeddingLength = AsInt(values.GetValueOrDefault($"{architecture}.embedding_length")),
            BlockCount = AsInt(values.GetValueOrDefault($"{architecture}.block_count")),
            HeadCount = AsInt(values.GetValueOrDefault($"{architecture}.attention.head_count")),
            HeadCountKv = AsInt(values.GetValueOrDefault($"{architecture}.attention.head_count_kv")),
            VocabularySize = values.GetValueOrDefault("tokenizer.ggml.tokens") is ArrayLength n ? n.Count : 0,
            ChatTemplate = values.GetValueOrDefault("tokenizer.chat_template") as string,
            TensorCount = (int)tensorCount,
            TensorDataBytes = bytesByType.Values.Sum(),
            FileSize = stream.Length,
        };
    }

    /// <summary>llama.h <c>enum llama_ftype</c> names for the values seen in practice.</summary>
    internal static string FileTypeName(uint fileType) => fileType switch
    {
        0 => "F32",
        1 => "F16",
        2 => "Q4_0",
        3 => "Q4_1",
        7 => "Q8_0",
        8 => "Q5_0",
        9 => "Q5_1",
        10 => "Q2_K",
        11 => "Q3_K_S",
        12 => "Q3_K_M",
        13 => "Q3_K_L",
        14 => "Q4_K_S",
        15 => "Q4_K_M",
        16 => "Q5_K_S",
        17 => "Q5_K_M",
        18 => "Q6_K",
        30 => "IQ4_XS",
        32 => "BF16",
        _ => $"ftype {fileType}",
    };

    private static int? AsInt(object? value) => value switch
    {
        uint u => (int)Math.Min(u, int.MaxValue),
        int i => i,
        ulong ul => (int)Math.Min(ul, int.MaxValue),
        long l => (int)Math.Clamp(l, int.MinValue, int.MaxValue),
        _ => null,
    };

    private static ulong Bounded(ulong value, string path, ulong max = MaxCount) => value <= max
        ? value
        : throw new ModelFileException(path, ModelFileProblem.Corrupt, $"a count of {value} is implausible; the file is corrupt.");

    private static string ReadString(BinaryReader reader, string path)
    {
        var length = Bounded(reader.ReadUInt64(), path, MaxStringBytes);
        var bytes = reader.ReadBytes((int)length);
        if (bytes.Length != (int)length)
        {
            throw new EndOfStreamException();
        }

        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Reads one value; arrays are skipped and reported by length only, since we never need their items.</summary>
    private static object? ReadValue(BinaryReader reader, GgufValueType type, string path)
    {
        switch (type)
        {
            case GgufValueType.UInt8: return reader.ReadByte();
            case GgufValueType.Int8: return reader.ReadSByte();
            case GgufValueType.UInt16: return reader.ReadUInt16();
            case GgufValueType.Int16: return reader.ReadInt16();
            case GgufValueType.UInt32: return reader.ReadUInt32();
            case GgufValueType.Int32: return reader.ReadInt32();
            case GgufValueType.Float32: return reader.ReadSingle();
            case GgufValueType.Bool: return reader.ReadByte() != 0;
            case GgufValueType.String: return ReadString(reader, path);
            case GgufValueType.UInt64: return reader.ReadUInt64();
            case GgufValueType.Int64: return reader.ReadInt64();
            case GgufValueType.Float64: return reader.ReadDouble();
            case GgufValueType.Array:
                var itemType = (GgufValueType)reader.ReadUInt32();
                var count = Bounded(reader.ReadUInt64(), path);
                for (ulong i = 0; i < count; i++)
                {
                    _ = ReadValue(reader, itemType, path);
                }

                return new ArrayLength((int)count);
            default:
                throw new ModelFileException(path, ModelFileProblem.Corrupt, $"unknown metadata value type {(uint)type}; the file is corrupt.");
        }
    }

    private sealed record ArrayLength(int Count);
}
