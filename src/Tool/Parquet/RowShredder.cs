using System.Collections;

namespace TraceCurate.Parquet;

/// <summary>
/// Splits a row into per-leaf (repetition level, definition level, value) entries following
/// Dremel shredding (parquet-format README "Nested Encoding"): a null or empty value writes one
/// entry at the parent's definition level to every leaf below it; list items after the first
/// use the list's repetition level. Entries are staged and only handed to the column writers
/// once the whole row converted, so a bad row leaves no half-shredded columns behind.
/// </summary>
internal sealed class RowShredder
{
    private readonly IReadOnlyList<ColumnWriter> _columns;
    private readonly Dictionary<SchemaNode, ParquetField> _leafFields;
    private readonly List<(int Leaf, int R, int D, object? Value)> _staged = new();

    public RowShredder(IReadOnlyList<ColumnWriter> columns, Dictionary<SchemaNode, ParquetField> leafFields)
    {
        _columns = columns; _leafFields = leafFields;
    }

    public void Shred(SchemaNode root, object row)
    {
        _staged.Clear();
        for (int i = 0; i < root.Children.Count; i++)
            Value(root.Children[i], FieldValue(row, i, root.Children[i].Name, "row", root.Children.Count), 0, 0);
        foreach (var (leaf, r, d, value) in _staged)
        {
            if (value is null) _columns[leaf].AddNull(r, d);
            else _columns[leaf].Add(r, d, value);
        }
        _staged.Clear();
    }

    private void Value(SchemaNode node, object? value, int r, int d)
    {
        if (node.Repetition == Repetition.Repeated)
        {
            if (value is null) { Empty(node, r, d); return; }
            if (value is not IEnumerable items || value is string || value is byte[] || value is ParquetRecord)
                throw new ArgumentException($"Field '{node.DottedPath}' expects a list, got {value.GetType().Name}");
            bool any = false;
            foreach (var item in items)
            {
                Content(node, item, any ? node.RepLevel : r, node.DefLevel);
                any = true;
            }
            if (!any) Empty(node, r, d);
            return;
        }
        if (value is null)
        {
            if (node.Repetition == Repetition.Required) throw new ArgumentException($"Field '{node.DottedPath}' is required but the value is null");
            Empty(node, r, d);
            return;
        }
        Content(node, value, r, node.DefLevel);
    }

    private void Content(SchemaNode node, object? value, int r, int d)
    {
        if (node.IsLeaf)
        {
            if (value is null) throw new ArgumentException($"Field '{node.DottedPath}' is required but the value is null");
            // A string for a UTF-8 leaf stays a string: the column writer encodes it straight into its buffer.
            var field = _leafFields[node];
            _staged.Add((node.FirstLeaf, r, d, field.Kind == ParquetFieldKind.String && value is string ? value : ValueConverter.ToPhysical(field, value, node.DottedPath)));
            return;
        }
        if (node.Role is NodeRole.ListWrapper or NodeRole.PassThrough) { Value(node.Children[0], value, r, d); return; }
        if (value is null) throw new ArgumentException($"Field '{node.DottedPath}' is required but the value is null");
        for (int i = 0; i < node.Children.Count; i++)
            Value(node.Children[i], FieldValue(value, i, node.Children[i].Name, node.DottedPath, node.Children.Count), r, d);
    }

    private void Empty(SchemaNode node, int r, int d)
    {
        for (int leaf = node.FirstLeaf; leaf < node.FirstLeaf + node.LeafCount; leaf++) _staged.Add((leaf, r, d, null));
    }

    /// <summary>Struct values may be positional lists, <see cref="ParquetRecord"/>s or string-keyed dictionaries.</summary>
    private static object? FieldValue(object container, int index, string name, string owner, int count)
    {
        switch (container)
        {
            case ParquetRecord rec: return rec.TryGetValue(name, out var v) ? v : null;
            case IReadOnlyDictionary<string, object?> rd: return rd.TryGetValue(name, out var x) ? x : null;
            case IDictionary<string, object?> dict: return dict.TryGetValue(name, out var y) ? y : null;
            case IReadOnlyList<object?> list:
                if (list.Count != count) throw new ArgumentException($"'{owner}' has {count} fields but the value has {list.Count}");
                return list[index];
            default: throw new ArgumentException($"'{owner}' expects a struct (object?[] / ParquetRecord / dictionary), got {container.GetType().Name}");
        }
    }
}
