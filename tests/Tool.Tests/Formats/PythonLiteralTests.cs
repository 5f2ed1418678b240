using TraceCurate.Formats;

namespace TraceCurate.Tests.Formats;

public sealed class PythonLiteralTests
{
    [Theory]
    [InlineData("kwargs={'code': 'print(1)'}", "{\"code\":\"print(1)\"}")]
    [InlineData("kwargs={\"a\": True, 'b': None, 'c': False}", "{\"a\":true,\"b\":null,\"c\":false}")]
    [InlineData("args=('x', 2), kwargs={}", "{\"args\":[\"x\",2]}")]
    [InlineData("args=(1,)\nkwargs={'k': [1.5, -2, (3, 4)]}", "{\"args\":[1],\"k\":[1.5,-2,[3,4]]}")]
    [InlineData("kwargs={'s': 'it\\'s\\n\\ttab \\u00e9'}", "{\"s\":\"it\\u0027s\\n\\ttab \\u00E9\"}")]
    [InlineData("{'nested': {'deep': [{'x': 1e3}]}}", "{\"nested\":{\"deep\":[{\"x\":1e3}]}}")]
    [InlineData("kwargs={'big': 123456789012345678901234567890}", "{\"big\":123456789012345678901234567890}")]
    public void Parses_python_reprs_into_json(string repr, string json)
    {
        Assert.True(PythonLiteral.TryToJson(repr, out var value));
        Assert.Equal(json, System.Text.Json.JsonSerializer.Serialize(value));
    }

    [Theory]
    [InlineData("kwargs={'code': 'unterminated}")]
    [InlineData("kwargs={'a' 1}")]
    [InlineData("<object at 0x7f>")]
    [InlineData("kwargs={'a': 1} trailing")]
    [InlineData("")]
    public void Returns_false_on_anything_else_and_never_throws(string repr)
    {
        Assert.False(PythonLiteral.TryToJson(repr, out _));
    }

    [Fact]
    public void Deep_nesting_is_refused_not_a_stack_overflow()
    {
        Assert.False(PythonLiteral.TryToJson(new string('[', 100_000) + new string(']', 100_000), out _));
    }
}
