using TraceCurate.Cli;

// Before any Regex exists: a snippet's catastrophic pattern fails its trace after this long instead of hanging the run
// (engine-notes §1.10, docs/safety.md). A pattern built with an explicit timeout keeps its own.
AppContext.SetData("REGEX_DEFAULT_MATCH_TIMEOUT", CliApp.RegexMatchTimeout);
return CliApp.Run(args, Console.Out, Console.Error);
