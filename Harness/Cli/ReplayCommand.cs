namespace Harness.Cli;
internal static class ReplayCommand { public static System.CommandLine.Command Create(CliContext c) => new("replay", "Replay fixture files"); }
