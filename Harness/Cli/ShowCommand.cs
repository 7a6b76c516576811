namespace Harness.Cli;
internal static class ShowCommand { public static System.CommandLine.Command Create(CliContext c) => new("show", "Show a fixture"); }
