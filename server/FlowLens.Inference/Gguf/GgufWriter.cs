using System.Text;

namespace FlowLens.Inference.Gguf;

/// <summary>
/// A minimal GGUF v3 writer: metadata first, then tensor descriptors, then tensor data aligned to
/// <see cref="Alignment"/> bytes (the GGUF default, so no <c>general.alignment</c> key is needed).
/// </summary>
internal sealed class GgufWriter
{
    public const int Alignment = 32;
    private const uint Magic = 0x46554747; // "GGUF" read as a little-endian uint32.
    private const uint Version = 3;

    private readonly List<(string Key, GgufValueType Type, Action<BinaryWriter> Write)> _metadata = [];
    private readonly List<(string Name, long[] Dimensions, uint Type, long Length, Func<byte[]> Data)> _tensors = [];

    public void Add(string key, string value) => _metadata.Add((key, GgufValueType.String, w => WriteString(w, value)));

    public void Add(string key, uint value) => _metadata.Add((key, GgufValueType.UInt32, w => w.Write(value)));

    public void Add(string key, int value) => _metadata.Add((key, GgufValueType.Int32, w => w.Write(value)));

    public void Add(string key, float value) => _metadata.Add((key, GgufValueType.Float32, w => w.Write(value)));

    public void Add(string key, IReadOnlyList<string> values) => _metadata.Add((key, GgufValueType.Array, w =>
    {
        w.Write((uint)GgufValueType.String);
        w.Write((ulong)values.Count);
        foreach (var v in values)
        {
            WriteString(w, v);
        }
    }));

    public void Add(string key, IReadOnlyList<float> values) => _metadata.Add((key, GgufValueType.Array, w =>
    {
        w.Write((uint)GgufValueType.Float32);
        w.Write((ulong)values.Count);
        foreach (var v in values)
        {
            w.Write(v);
        }
    }));

    public void Add(string key, IReadOnlyList<int> values) => _metadata.Add((key, GgufValueType.Array, w =>
    {
        w.Write((uint)GgufValueType.Int32);
        w.Write((ulong)values.Count);
        foreach (var v in values)
        {
            w.Write(v);
        }
    }));

    /// <summary>Adds a tensor; <paramref name="dimensions"/> are in ggml order (fastest-varying first).</summary>
    public void AddTensor(string name, long[] dimensions, uint type, byte[] data) => _tensors.Add((name, dimensions, type, data.Length, () => data));

    /// <summary>
    /// Adds a tensor whose bytes are produced only while writing, in the order tensors were added, so a large model
    /// never sits in memory whole; <paramref name="length"/> must equal the produced array's length.
    /// </summary>
    public void AddTensor(string name, long[] dimensions, uint type, long length, Func<byte[]> data) => _tensors.Add((name, dimensions, type, length, data));

    public void WriteTo(Stream stream)
    {
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        w.Write(Magic);
        w.Write(Version);
        w.Write((ulong)_tensors.Count);
        w.Write((ulong)_metadata.Count);
        foreach (var (key, type, write) in _metadata)
        {
            WriteString(w, key);
            w.Write((uint)type);
            write(w);
        }

        long offset = 0;
        foreach (var (name, dims, type, length, _) in _tensors)
        {
            WriteString(w, name);
            w.Write((uint)dims.Length);
            foreach (var d in dims)
            {
                w.Write((ulong)d);
            }

            w.Write(type);
            w.Write((ulong)offset);
            offset = Align(offset + length);
        }

        Pad(w);
        foreach (var (name, _, _, length, produce) in _tensors)
        {
            var data = produce();
            if (data.Length != length)
            {
                throw new InvalidOperationException($"Tensor {name} produced {data.Length} bytes, not the declared {length}.");
            }

            w.Write(data);
            Pad(w);
        }
    }

    private static long Align(long value) => (value + Alignment - 1) / Alignment * Alignment;

    private static void Pad(BinaryWriter w)
    {
        w.Flush();
        var position = w.BaseStream.Position;
        for (var i = position; i < Align(position); i++)
        {
            w.Write((byte)0);
        }
    }

    private static void WriteString(BinaryWriter w, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        w.Write((ulong)bytes.Length);
        w.Write(bytes);
    }
}
