using TraceCurate.Diagnostics;
using TraceCurate.Tests.Hardening;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Scripting;

/// <summary>
/// APIs that read or write memory without bounds checks (an AccessViolation ends the process with no diagnostic and no
/// rollback), stack allocation (a stack overflow cannot be caught) and unsafe constructs: refused in helper files, each
/// with what to use instead.
/// </summary>
public sealed partial class SnippetGuardTests
{
    private const string MemoryReason = "without bounds or type checks";
    private const string MemoryInstead = "use indexing, spans (AsSpan, Slice), MemoryExtensions or new Vector<T>(span)";

    [Theory]
    [InlineData("static int Peek(int[] a) => System.Numerics.Vector.LoadUnsafe(ref a[0], (nuint)1_000_000)[0];",
        "System.Numerics.Vector.LoadUnsafe(", "System.Numerics.Vector.LoadUnsafe")]
    [InlineData("static void Poke(int[] a) => System.Numerics.Vector.StoreUnsafe(System.Numerics.Vector<int>.One, ref a[0], (nuint)1_000);",
        "System.Numerics.Vector.StoreUnsafe(", "System.Numerics.Vector.StoreUnsafe")]
    [InlineData("static float Peek(float[] a) => System.Numerics.Vector4.LoadUnsafe(ref a[0], (nuint)1_000).X;",
        "System.Numerics.Vector4.LoadUnsafe(", "System.Numerics.Vector4.LoadUnsafe")]
    [InlineData("static System.Numerics.Vector<int> Garbage(int x) => System.Numerics.Vector.CreateScalarUnsafe(x);",
        "System.Numerics.Vector.CreateScalarUnsafe(", "System.Numerics.Vector.CreateScalarUnsafe")]
    [InlineData("static int Peek(int[] a) => System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref a[0], (nuint)1_000).GetElement(0);",
        "System.Runtime.Intrinsics.Vector128.LoadUnsafe(", "System.Runtime.Intrinsics.Vector128.LoadUnsafe")]
    [InlineData("static int Far(int[] a) => System.Runtime.CompilerServices.Unsafe.Add(ref a[0], 1_000_000);",
        "System.Runtime.CompilerServices.Unsafe.Add(", "System.Runtime.CompilerServices.Unsafe.Add")]
    [InlineData("static string Cast(object o) => System.Runtime.CompilerServices.Unsafe.As<string>(o);",
        "System.Runtime.CompilerServices.Unsafe.As<string>(", "System.Runtime.CompilerServices.Unsafe.As")]
    [InlineData("static int First(int[] a) => System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(a);",
        "System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(", "System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference")]
    [InlineData("static Span<int> Inside(List<int> xs) => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(xs);",
        "System.Runtime.InteropServices.CollectionsMarshal.AsSpan(", "System.Runtime.InteropServices.CollectionsMarshal.AsSpan")]
    [InlineData("static Span<byte> Bytes(Span<int> s) => System.Runtime.InteropServices.MemoryMarshal.AsBytes(s);",
        "System.Runtime.InteropServices.MemoryMarshal.AsBytes(", "System.Runtime.InteropServices.MemoryMarshal.AsBytes")]
    public void Memory_unsafe_apis_are_refused_with_bounds_checked_replacements(string helper, string marker, string symbol) =>
        AssertHelperRefused(helper + "\n", 1, marker, symbol, MemoryReason, MemoryInstead);

    [Fact]
    public void Vector_LoadUnsafe_in_a_where_is_refused_at_its_yaml_position() =>
        AssertWhereRefused("System.Numerics.Vector.LoadUnsafe(ref t.Id.ToCharArray()[0], (nuint)100_000).Equals(default) == false",
            "System.Numerics.Vector.LoadUnsafe(", "System.Numerics.Vector.LoadUnsafe", MemoryReason, MemoryInstead);

    [Fact]
    public void Stackalloc_is_refused_with_an_array_as_the_replacement() =>
        AssertHelperRefused("// 200 MB on a 1.5 MB thread stack\nstatic int Big() { Span<byte> b = stackalloc byte[200_000_000]; return b.Length; }\n",
            2, "stackalloc", "stackalloc", "cannot catch a stack overflow", "use an array (new byte[n]) or a List<T>");

    [Fact]
    public void Stackalloc_without_a_type_is_refused_too() =>
        AssertHelperRefused("static int Sum() { Span<int> b = stackalloc[] { 1, 2, 3 }; return b[0]; }\n",
            1, "stackalloc", "stackalloc", "cannot catch a stack overflow", "use an array");

    [Theory]
    [InlineData("static int Peek(int* p) => 0;\n", "int*", "int*")]
    [InlineData("static int Call(delegate*<int, int> f) => f(1);\n", "delegate*<int, int>", "delegate*<int, int>")]
    [InlineData("static int Twice(int x) => x * 2;\nstatic int Call() => ((delegate*<int, int>)&Twice)(1);\n", "((delegate*<int, int>)&Twice)(1)", "delegate*<int, int>")]
    [InlineData("static int Read(int x) => __refvalue(__makeref(x), int);\n", "__refvalue", "__refvalue")]
    public void Pointers_function_pointers_and_typed_references_are_refused_as_unsafe_code(string helper, string marker, string symbol)
    {
        var line = helper.Split('\n').Select((text, i) => (text, i)).First(l => l.text.Contains(marker, StringComparison.Ordinal)).i + 1;
        AssertHelperRefused(helper, line, marker, symbol, "unsafe code escapes the check", "use arrays, spans and delegates");
    }

    [Fact]
    public void An_unsafe_helper_is_refused_once_with_a_replacement()
    {
        using var scratch = new TempFolder();
        var errors = Refusals(scratch, ImportRecipe, "static unsafe int Peek(int* p) => *p;\n");
        // The whole unsafe method is one refusal; its pointer parts would only repeat it.
        var refusal = Assert.Single(errors, d => d.Code == DiagnosticCodes.SnippetNotAllowed);
        Assert.Equal("'unsafe' is not allowed in a snippet: unsafe code escapes the check; instead, use arrays, spans and delegates (Func<…>)",
            refusal.Message);
    }
}
