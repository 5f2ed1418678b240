using Parquet.Meta;

namespace TraceCurate.Formats;

/// <summary>
/// Has Parquet.Net read the string columns of a file as their UTF-8 bytes instead of .NET text. Parquet.Net 6.1 decodes
/// a column of a string type into a new <c>char[]</c> per value (UTF-16: twice the bytes of the page), and a row group's
/// whole column is decoded at once (its page reader is internal; <c>ReadRawAsync</c> takes a column chunk), so the text
/// of one row group was held at twice its size; as bytes it is a copy of the page's own. Parquet.Net chooses the type
/// from the footer's annotations each time the schema is built, so the annotations are taken off the footer before the
/// schema is built, and the elements that had one are returned: the assembler writes their values as text (invalid
/// UTF-8 as U+FFFD, as Parquet.Net's decoder did), never as base64 (bench/README.md, chat-rows, has the figures).
/// </summary>
internal static class ParquetTextAsBytes
{
    /// <summary>
    /// Clears the string annotations Parquet.Net reads as <see cref="string"/> (logical STRING or ENUM, converted UTF8) on
    /// byte-array leaves of <paramref name="footer"/>, and returns those leaves' schema elements. Other annotations (JSON)
    /// stay.
    /// </summary>
    public static IReadOnlySet<SchemaElement> Unannotate(FileMetaData? footer)
    {
        var strings = new HashSet<SchemaElement>(ReferenceEqualityComparer.Instance);
        foreach (var element in footer?.Schema ?? [])
        {
            if (element.Type is not (global::Parquet.Meta.Type.BYTE_ARRAY or global::Parquet.Meta.Type.FIXED_LEN_BYTE_ARRAY)) continue;
            var logical = element.LogicalType is { } l && (l.STRING is not null || l.ENUM is not null);
            var converted = element.ConvertedType == ConvertedType.UTF8;
            if (!logical && !converted) continue;
            if (logical) element.LogicalType = null;
            if (converted) element.ConvertedType = null;
            strings.Add(element);
        }
        return strings;
    }
}
