// The command-line tool: `dotnet run --project Harness/Harness.Tool -c Release -- check` (or ./harness check). See docs/cli.md.
using Harness.Cli;

return App.Run(args, CliContext.FromProcess());
