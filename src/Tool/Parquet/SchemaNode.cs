namespace TraceCurate.Parquet;

/// <summary>How a group maps to the caller's value model.</summary>
internal enum NodeRole
{
    /// <summary>A leaf or a struct-like group.</summary>
    Plain,
    /// <summary>A LIST/MAP-annotated group: its value is the list of its single repeated child's items.</summary>
    ListWrapper,
    /// <summary>The repeated middle group of a 3-level list: each item is its single child's value.</summary>
    PassThrough,
}

/// <summary>
/// A node of the schema tree rebuilt from the flattened SchemaElement list, with the maximum
/// definition and repetition levels of Dremel shredding (parquet-format README "Nested
/// Encoding"): each non-required node adds one definition level, each repeated one adds one
/// repetition level.
/// </summary>
internal sealed class SchemaNode
{
    public required SchemaElement Element { get; init; }
    public string Name => Element.Name;
    public Repetition Repetition => Element.RepetitionType ?? Repetition.Required;
    public List<SchemaNode> Children { get; } = new();
    public bool IsLeaf => Element.NumChildren is null or 0 && Element.Type is not null;
    public NodeRole Role { get; set; }
    public int DefLevel { get; set; }
    public int RepLevel { get; set; }
    public string[] Path { get; set; } = [];
    /// <summary>Index among all leaves (column order) for leaves; the first leaf below for groups.</summary>
    public int FirstLeaf { get; set; }
    public int LeafCount { get; set; }

    /// <summary>Builds the tree below the root element; throws on an inconsistent num_children.</summary>
    public static SchemaNode Build(IReadOnlyList<SchemaElement> elements, List<SchemaNode> leaves)
    {
        int index = 0;
        var root = Parse(elements, ref index, 0);
        if (index != elements.Count) throw new ParquetFormatException($"Schema has {elements.Count} elements but the root's children cover {index}");
        root.DefLevel = 0; root.RepLevel = 0;
        foreach (var child in root.Children) Assign(child, root, leaves);
        root.LeafCount = leaves.Count;
        return root;
    }

    private static SchemaNode Parse(IReadOnlyList<SchemaElement> elements, ref int index, int depth)
    {
        if (depth > 100) throw new ParquetFormatException("Schema nested more than 100 levels deep");
        if (index >= elements.Count) throw new ParquetFormatException($"Schema ends early: element {index} is missing (num_children too large)");
        var node = new SchemaNode { Element = elements[index++] };
        int n = node.Element.NumChildren ?? 0;
        if (n < 0) throw new ParquetFormatException($"Schema element '{node.Name}' has num_children {n}");
        if (n == 0 && node.Element.Type is null && depth > 0)
            throw new ParquetFormatException($"Schema element '{node.Name}' has neither a type nor children");
        for (int i = 0; i < n; i++) node.Children.Add(Parse(elements, ref index, depth + 1));
        return node;
    }

    private static void Assign(SchemaNode node, SchemaNode parent, List<SchemaNode> leaves)
    {
        node.DefLevel = parent.DefLevel + (node.Repetition == Repetition.Required ? 0 : 1);
        node.RepLevel = parent.RepLevel + (node.Repetition == Repetition.Repeated ? 1 : 0);
        node.Path = [.. parent.Path, node.Name];
        node.DottedPath = string.Join('.', node.Path);
        node.FirstLeaf = leaves.Count;
        if (node.IsLeaf) leaves.Add(node);
        if (IsListLike(node))
        {
            node.Role = NodeRole.ListWrapper;
            var item = node.Children[0];
            // LogicalTypes.md backward-compatibility rules: a repeated group with one field is the
            // 3-level "list" wrapper unless it is named "array" or "<name>_tuple" (legacy 2-level).
            if (!item.IsLeaf && item.Children.Count == 1 && item.Name != "array" && item.Name != node.Name + "_tuple"
                && !IsMap(node))
                item.Role = NodeRole.PassThrough;
        }
        foreach (var child in node.Children) Assign(child, node, leaves);
        node.LeafCount = leaves.Count - node.FirstLeaf;
    }

    private static bool IsMap(SchemaNode node) =>
        node.Element.Logical?.Kind == LogicalKind.Map || node.Element.ConvertedType is ConvertedType.Map or ConvertedType.MapKeyValue;

    private static bool IsListLike(SchemaNode node) =>
        !node.IsLeaf && node.Repetition != Repetition.Repeated && node.Children.Count == 1 &&
        node.Children[0].Repetition == Repetition.Repeated &&
        (node.Element.Logical?.Kind == LogicalKind.List || node.Element.ConvertedType == ConvertedType.List || IsMap(node));

    /// <summary>Path joined with dots, cached because error messages and conversions need it per value.</summary>
    public string DottedPath { get; private set; } = "";
}
