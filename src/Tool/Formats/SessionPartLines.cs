using System.Text.Json;

namespace TraceCurate.Formats;

/// <summary>
/// What a reader of a session's lines keeps (<see cref="SessionLines"/>, <see cref="PiSessionLines"/>): the lines in file
/// order, the documents they point into (owned, disposed with it) and the warnings of the read. A large session's parts
/// are read into one each and put back together into one for the whole file (<see cref="SessionParts.ReadLines"/>).
/// </summary>
internal interface ISessionPartLines<TLine> : IDisposable
{
    List<TLine> Lines { get; }

    List<JsonDocument> Documents { get; }

    List<string> Warnings { get; }
}
