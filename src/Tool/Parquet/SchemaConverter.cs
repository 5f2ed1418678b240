namespace TraceCurate.Parquet;

/// <summary>
/// Converts between the public <see cref="ParquetSchema"/> and the flattened SchemaElement list
/// of the footer (parquet.thrift, depth-first with the root first).
/// </summary>
internal static class SchemaConverter
{
    public static List<SchemaElement> ToElements(ParquetSchema schema)
    {
        var list = new List<SchemaElement> { new() { Name = "schema", NumChildren = schema.Fields.Count } };
        foreach (var f in schema.Fields) Add(f, f.Name, list);
        return list;
    }

    private static void Add(ParquetField f, string name, List<SchemaElement> list)
    {
        var rep = f.Required ? Repetition.Required : Repetition.Optional;
        switch (f.Kind)
        {
            case ParquetFieldKind.List:
                // 3-level LIST (LogicalTypes.md "Lists"): the outer group carries the LIST annotation,
                // the middle group named "list" is repeated, the element is named "element".
                list.Add(new SchemaElement { Name = name, RepetitionType = rep, NumChildren = 1, ConvertedType = ConvertedType.List, Logical = new LogicalType { Kind = LogicalKind.List } });
                list.Add(new SchemaElement { Name = "list", RepetitionType = Repetition.Repeated, NumChildren = 1 });
                Add(f.Element!, "element", list);
                return;
            case ParquetFieldKind.Struct:
                list.Add(new SchemaElement { Name = name, RepetitionType = rep, NumChildren = f.Fields.Count });
                foreach (var c in f.Fields) Add(c, c.Name, list);
                return;
        }
        var e = new SchemaElement { Name = name, RepetitionType = rep };
        switch (f.Kind)
        {
            case ParquetFieldKind.String:
                e.Type = PhysicalType.ByteArray; e.ConvertedType = ConvertedType.Utf8; e.Logical = new LogicalType { Kind = LogicalKind.String };
                break;
            case ParquetFieldKind.Int32: e.Type = PhysicalType.Int32; break;
            case ParquetFieldKind.Int64: e.Type = PhysicalType.Int64; break;
            case ParquetFieldKind.Float: e.Type = PhysicalType.Float; break;
            case ParquetFieldKind.Double: e.Type = PhysicalType.Double; break;
            case ParquetFieldKind.Boolean: e.Type = PhysicalType.Boolean; break;
            case ParquetFieldKind.Binary: e.Type = PhysicalType.ByteArray; break;
            case ParquetFieldKind.Date:
                e.Type = PhysicalType.Int32; e.ConvertedType = ConvertedType.Date; e.Logical = new LogicalType { Kind = LogicalKind.Date };
                break;
            case ParquetFieldKind.Timestamp:
                // Converted types exist only for UTC-adjusted MILLIS/MICROS, which is what we write.
                e.Type = PhysicalType.Int64; e.ConvertedType = ConvertedType.TimestampMicros;
                e.Logical = new LogicalType { Kind = LogicalKind.Timestamp, IsAdjustedToUtc = true, Unit = ParquetTimeUnit.Micros };
                break;
            case ParquetFieldKind.Uuid:
                e.Type = PhysicalType.FixedLenByteArray; e.TypeLength = 16; e.Logical = new LogicalType { Kind = LogicalKind.Uuid };
                break;
            default: throw new NotSupportedException($"Writing {f.Kind} fields ('{f.Name}') is not supported");
        }
        list.Add(e);
    }

    /// <summary>The public field for a node of a file's schema tree.</summary>
    public static ParquetField ToField(SchemaNode node, bool forceRequired = false)
    {
        bool required = forceRequired || node.Repetition == Repetition.Required;
        if (node.Repetition == Repetition.Repeated && !forceRequired)
            return ParquetField.List(node.Name, ToField(node, forceRequired: true), required: true);
        if (node.IsLeaf) return LeafField(node.Element, node.Name, required);
        return node.Role switch
        {
            NodeRole.ListWrapper => ParquetField.List(node.Name, ItemField(node.Children[0]), required),
            NodeRole.PassThrough => ToField(node.Children[0]),
            _ => ParquetField.ReadGroup(node.Name, required, node.Children.Select(c => ToField(c)).ToArray()),
        };
    }

    private static ParquetField ItemField(SchemaNode repeated) =>
        repeated.Role == NodeRole.PassThrough ? ToField(repeated.Children[0]) : ToField(repeated, forceRequired: true);

    public static ParquetField LeafField(SchemaElement e, string name, bool required)
    {
        var lt = e.Logical;
        int? ct = e.ConvertedType;
        bool isDecimal = lt?.Kind == LogicalKind.Decimal || ct == ConvertedType.Decimal;
        int scale = lt?.Kind == LogicalKind.Decimal ? lt.Scale : e.Scale ?? 0;
        int precision = lt?.Kind == LogicalKind.Decimal ? lt.Precision : e.Precision ?? 0;
        ParquetField Of(ParquetFieldKind k) => ParquetField.Read(name, k, required);
        switch (e.Type)
        {
            case PhysicalType.Boolean: return Of(ParquetFieldKind.Boolean);
            case PhysicalType.Int32:
                if (lt?.Kind == LogicalKind.Date || ct == ConvertedType.Date) return Of(ParquetFieldKind.Date);
                if (isDecimal) return ParquetField.Read(name, ParquetFieldKind.Decimal, required, scale: scale, precision: precision);
                if ((lt?.Kind == LogicalKind.Integer && !lt.IsSigned && lt.BitWidth == 32) || ct == ConvertedType.Uint32) return Of(ParquetFieldKind.Int64);
                return Of(ParquetFieldKind.Int32);
            case PhysicalType.Int64:
                if (lt?.Kind == LogicalKind.Timestamp)
                    return ParquetField.Read(name, ParquetFieldKind.Timestamp, required, lt.Unit, lt.IsAdjustedToUtc);
                if (ct is ConvertedType.TimestampMillis or ConvertedType.TimestampMicros)
                    return ParquetField.Read(name, ParquetFieldKind.Timestamp, required, ct == ConvertedType.TimestampMillis ? ParquetTimeUnit.Millis : ParquetTimeUnit.Micros);
                if (isDecimal) return ParquetField.Read(name, ParquetFieldKind.Decimal, required, scale: scale, precision: precision);
                if ((lt?.Kind == LogicalKind.Integer && !lt.IsSigned) || ct == ConvertedType.Uint64) return Of(ParquetFieldKind.UInt64);
                return Of(ParquetFieldKind.Int64);
            case PhysicalType.Int96: return ParquetField.Read(name, ParquetFieldKind.Timestamp, required, ParquetTimeUnit.Nanos);
            case PhysicalType.Float: return Of(ParquetFieldKind.Float);
            case PhysicalType.Double: return Of(ParquetFieldKind.Double);
            case PhysicalType.ByteArray:
                if (isDecimal) return ParquetField.Read(name, ParquetFieldKind.Decimal, required, scale: scale, precision: precision);
                if (lt?.Kind is LogicalKind.String or LogicalKind.Json or LogicalKind.Enum || ct is ConvertedType.Utf8 or ConvertedType.Json or ConvertedType.Enum)
                    return Of(ParquetFieldKind.String);
                return Of(ParquetFieldKind.Binary);
            case PhysicalType.FixedLenByteArray:
                if (lt?.Kind == LogicalKind.Uuid && e.TypeLength == 16) return Of(ParquetFieldKind.Uuid);
                if (isDecimal) return ParquetField.Read(name, ParquetFieldKind.Decimal, required, scale: scale, precision: precision);
                return Of(ParquetFieldKind.Binary);
            default: throw new ParquetFormatException($"Column '{name}' has unknown physical type {e.Type}");
        }
    }
}
