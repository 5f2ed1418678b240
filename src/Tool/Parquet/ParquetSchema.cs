namespace TraceCurate.Parquet;

/// <summary>What a field holds, as seen by callers (the physical type is chosen from it).</summary>
public enum ParquetFieldKind
{
    String, Int32, Int64, UInt64, Float, Double, Boolean, Timestamp, Date, Binary, Uuid, Decimal, List, Struct,
}

/// <summary>
/// One field of a <see cref="ParquetSchema"/>: a primitive column, a <c>list</c> of elements or a
/// <c>struct</c> of named fields. Fields are optional (nullable) unless <c>required: true</c>.
/// Lists are written with the 3-level LIST layout of parquet-format LogicalTypes.md:
/// <c>&lt;opt|req&gt; group name (LIST) { repeated group list { &lt;opt|req&gt; T element; } }</c>.
/// </summary>
public sealed class ParquetField
{
    private ParquetField(string name, ParquetFieldKind kind, bool required, IReadOnlyList<ParquetField>? fields = null, ParquetField? element = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name; Kind = kind; Required = required;
        Fields = fields ?? []; Element = element;
    }

    public string Name { get; }
    public ParquetFieldKind Kind { get; }
    public bool Required { get; }

    /// <summary>Children of a struct, in order (empty for other kinds).</summary>
    public IReadOnlyList<ParquetField> Fields { get; }

    /// <summary>Element of a list (null for other kinds).</summary>
    public ParquetField? Element { get; }

    /// <summary>Unit of a timestamp; the writer always uses microseconds.</summary>
    public ParquetTimeUnit TimeUnit { get; private init; } = ParquetTimeUnit.Micros;

    /// <summary>Whether a timestamp is UTC-normalised (isAdjustedToUTC); true for written timestamps.</summary>
    public bool IsAdjustedToUtc { get; private init; } = true;

    /// <summary>Decimal scale and precision (reading only).</summary>
    public int Scale { get; private init; }
    public int Precision { get; private init; }

    public static ParquetField String(string name, bool required = false) => new(name, ParquetFieldKind.String, required);
    public static ParquetField Int32(string name, bool required = false) => new(name, ParquetFieldKind.Int32, required);
    public static ParquetField Int64(string name, bool required = false) => new(name, ParquetFieldKind.Int64, required);
    public static ParquetField Float(string name, bool required = false) => new(name, ParquetFieldKind.Float, required);
    public static ParquetField Double(string name, bool required = false) => new(name, ParquetFieldKind.Double, required);
    public static ParquetField Boolean(string name, bool required = false) => new(name, ParquetFieldKind.Boolean, required);
    public static ParquetField Binary(string name, bool required = false) => new(name, ParquetFieldKind.Binary, required);
    public static ParquetField Date(string name, bool required = false) => new(name, ParquetFieldKind.Date, required);

    /// <summary>UUID as FIXED_LEN_BYTE_ARRAY(16) with the UUID logical type; values are Guid or string.</summary>
    public static ParquetField Uuid(string name, bool required = false) => new(name, ParquetFieldKind.Uuid, required);

    /// <summary>INT64 TIMESTAMP(isAdjustedToUTC=true, MICROS); values are DateTimeOffset or DateTime.</summary>
    public static ParquetField Timestamp(string name, bool required = false) => new(name, ParquetFieldKind.Timestamp, required);

    public static ParquetField List(string name, ParquetField element, bool required = false) =>
        new(name, ParquetFieldKind.List, required, element: element);

    public static ParquetField Struct(string name, params ParquetField[] fields) => Struct(name, false, fields);

    public static ParquetField Struct(string name, bool required, params ParquetField[] fields)
    {
        if (fields.Length == 0) throw new ArgumentException("A struct needs at least one field (Parquet has no empty groups)", nameof(fields));
        EnsureUniqueNames(fields, name);
        return new(name, ParquetFieldKind.Struct, required, fields);
    }

    internal static ParquetField Read(string name, ParquetFieldKind kind, bool required, ParquetTimeUnit unit = ParquetTimeUnit.Micros,
        bool utc = true, int scale = 0, int precision = 0) =>
        new(name, kind, required) { TimeUnit = unit, IsAdjustedToUtc = utc, Scale = scale, Precision = precision };

    internal static ParquetField ReadGroup(string name, bool required, IReadOnlyList<ParquetField> fields) =>
        new(name, ParquetFieldKind.Struct, required, fields);

    internal static void EnsureUniqueNames(IReadOnlyList<ParquetField> fields, string owner)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in fields)
            if (!seen.Add(f.Name)) throw new ArgumentException($"Duplicate field name '{f.Name}' in {owner}");
    }

    public override string ToString() => Kind switch
    {
        ParquetFieldKind.List => $"{Name}: list<{Element}>{(Required ? "" : "?")}",
        ParquetFieldKind.Struct => $"{Name}: struct<{string.Join(", ", Fields)}>{(Required ? "" : "?")}",
        _ => $"{Name}: {Kind.ToString().ToLowerInvariant()}{(Required ? "" : "?")}",
    };
}

/// <summary>The top-level fields of a Parquet file, in column order.</summary>
public sealed class ParquetSchema
{
    public ParquetSchema(IEnumerable<ParquetField> fields)
    {
        Fields = fields.ToArray();
        if (Fields.Count == 0) throw new ArgumentException("A schema needs at least one field", nameof(fields));
        ParquetField.EnsureUniqueNames(Fields, "the schema");
    }

    public IReadOnlyList<ParquetField> Fields { get; }

    public int IndexOf(string name)
    {
        for (int i = 0; i < Fields.Count; i++) if (Fields[i].Name == name) return i;
        return -1;
    }

    public override string ToString() => string.Join(", ", Fields);
}
