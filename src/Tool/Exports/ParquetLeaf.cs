using Parquet;
using Parquet.Schema;

namespace TraceCurate.Exports;

/// <summary>
/// One leaf column of a row group being written: its defined values (dense, no nulls) and its definition and
/// repetition levels, as Parquet.Net's low-level <c>WriteAllPartsAsync</c> takes them. The writers shred traces into
/// these directly (no row objects, no reflection), which is the fastest way Parquet.Net 6.1 writes nested columns.
/// </summary>
internal interface IParquetLeaf
{
    DataField Field { get; }
    Task WriteAsync(ParquetRowGroupWriter rowGroup);
    void Clear();
}

internal sealed class ParquetLeaf<T>(DataField field) : IParquetLeaf where T : struct
{
    private T[] _values = new T[256];
    private int[] _definitions = new int[256];
    private int[] _repetitions = new int[256];
    private int _valueCount;
    private int _levelCount;

    public DataField Field { get; } = field;

    /// <summary>The definition level of a present value (a null at this leaf is one less).</summary>
    public int Defined => Field.MaxDefinitionLevel;

    public void Add(T value, int repetition)
    {
        if (_valueCount == _values.Length) Array.Resize(ref _values, _values.Length * 2);
        _values[_valueCount++] = value;
        Level(Field.MaxDefinitionLevel, repetition);
    }

    /// <summary>No value here: null at this leaf (definition one below <see cref="Defined"/>) or at an ancestor.</summary>
    public void Missing(int definition, int repetition) => Level(definition, repetition);

    public void Add(T? value, int repetition)
    {
        if (value is { } v) Add(v, repetition);
        else Missing(Field.MaxDefinitionLevel - 1, repetition);
    }

    private void Level(int definition, int repetition)
    {
        if (_levelCount == _definitions.Length)
        {
            Array.Resize(ref _definitions, _definitions.Length * 2);
            Array.Resize(ref _repetitions, _repetitions.Length * 2);
        }
        _definitions[_levelCount] = definition;
        _repetitions[_levelCount++] = repetition;
    }

    public Task WriteAsync(ParquetRowGroupWriter rowGroup) => rowGroup.WriteAllPartsAsync(Field,
        new ReadOnlyMemory<T>(_values, 0, _valueCount),
        // Typed as nullable on purpose: a bare null would convert to an empty memory through the array conversion.
        Field.MaxDefinitionLevel > 0 ? new ReadOnlyMemory<int>(_definitions, 0, _levelCount) : (ReadOnlyMemory<int>?)null,
        Field.MaxRepetitionLevel > 0 ? new ReadOnlyMemory<int>(_repetitions, 0, _levelCount) : (ReadOnlyMemory<int>?)null,
        CancellationToken.None);

    // The values array is cleared so the row group's strings can be collected; its size is kept for the next one.
    public void Clear()
    {
        Array.Clear(_values, 0, _valueCount);
        _valueCount = 0;
        _levelCount = 0;
    }
}
