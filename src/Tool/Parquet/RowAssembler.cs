namespace TraceCurate.Parquet;

/// <summary>
/// Rebuilds rows from the decoded leaf columns of one row group (the inverse of Dremel
/// shredding). A node is null/empty when the definition level at its first leaf is below the
/// node's own level; a list continues while the next entry's repetition level equals the
/// list's level. Every inconsistency is reported as a <see cref="ParquetFormatException"/>.
/// </summary>
internal sealed class RowAssembler
{
    private sealed class Cursor
    {
        public required ColumnData Data;
        public required ParquetField Field;
        public required SchemaNode Leaf;
        public int Pos, ValuePos;
    }

    private readonly SchemaNode _root;
    private readonly Cursor[] _cursors;
    private readonly string _where;

    public RowAssembler(SchemaNode root, IReadOnlyList<SchemaNode> leaves, IReadOnlyList<ColumnData> columns, string where)
    {
        _root = root; _where = where;
        _cursors = new Cursor[leaves.Count];
        for (int i = 0; i < leaves.Count; i++)
            _cursors[i] = new Cursor { Data = columns[i], Leaf = leaves[i], Field = SchemaConverter.LeafField(leaves[i].Element, leaves[i].Name, true) };
    }

    public ParquetRecord ReadRow()
    {
        var record = Struct(_root);
        foreach (var c in _cursors)
            if (c.Pos < c.Data.Count && c.Data.Rep is { } rep && rep[c.Pos] != 0)
                throw Corrupt(c, $"row ends but the next entry has repetition level {rep[c.Pos]}");
        return record;
    }

    /// <summary>Checks that every column was consumed exactly (all columns describe the same rows).</summary>
    public void Finish()
    {
        foreach (var c in _cursors)
        {
            if (c.Pos != c.Data.Count) throw Corrupt(c, $"{c.Data.Count - c.Pos} level entries left after the row group's last row");
            if (c.ValuePos != c.Data.Values.Length) throw Corrupt(c, $"{c.Data.Values.Length - c.ValuePos} values left after the row group's last row");
        }
    }

    private object? Value(SchemaNode node)
    {
        if (node.Repetition == Repetition.Repeated) return Repeated(node);
        if (node.Repetition == Repetition.Optional && Def(First(node)) < node.DefLevel) { Skip(node); return null; }
        return Content(node);
    }

    private object? Content(SchemaNode node)
    {
        if (node.IsLeaf)
        {
            var c = _cursors[node.FirstLeaf];
            if (Def(c) != node.DefLevel) throw Corrupt(c, $"definition level {Def(c)} where a value (level {node.DefLevel}) was expected");
            if (c.ValuePos >= c.Data.Values.Length) throw Corrupt(c, "fewer values than non-null level entries");
            var physical = c.Data.Values[c.ValuePos++];
            c.Pos++;
            try { return ValueConverter.FromPhysical(c.Field, physical, c.Leaf.DottedPath); }
            catch (InvalidCastException) { throw Corrupt(c, $"value of type {physical.GetType().Name} does not match the column type"); }
        }
        return node.Role switch
        {
            NodeRole.ListWrapper => Repeated(node.Children[0]),
            NodeRole.PassThrough => Value(node.Children[0]),
            _ => Struct(node),
        };
    }

    private ParquetRecord Struct(SchemaNode node)
    {
        var names = new string[node.Children.Count];
        var values = new object?[node.Children.Count];
        for (int i = 0; i < names.Length; i++) { names[i] = node.Children[i].Name; values[i] = Value(node.Children[i]); }
        return new ParquetRecord(names, values);
    }

    private List<object?> Repeated(SchemaNode node)
    {
        var first = First(node);
        var items = new List<object?>();
        if (Def(first) < node.DefLevel) { Skip(node); return items; }
        while (true)
        {
            items.Add(Content(node));
            if (first.Pos >= first.Data.Count || first.Data.Rep![first.Pos] != node.RepLevel) return items;
        }
    }

    private void Skip(SchemaNode node)
    {
        for (int i = node.FirstLeaf; i < node.FirstLeaf + node.LeafCount; i++)
        {
            var c = _cursors[i];
            if (Def(c) >= node.DefLevel) throw Corrupt(c, $"column disagrees with its siblings about whether '{node.DottedPath}' is present");
            c.Pos++;
        }
    }

    private Cursor First(SchemaNode node)
    {
        if (node.LeafCount == 0) throw new ParquetFormatException($"{_where}: group '{node.DottedPath}' has no leaf columns");
        return _cursors[node.FirstLeaf];
    }

    private int Def(Cursor c)
    {
        if (c.Pos >= c.Data.Count) throw Corrupt(c, "column has fewer entries than the row group has rows");
        return c.Data.Def?[c.Pos] ?? c.Leaf.DefLevel;
    }

    private ParquetFormatException Corrupt(Cursor c, string what) =>
        new($"{_where}, column '{c.Leaf.DottedPath}', entry {c.Pos}: {what}");
}
