using System.CommandLine;
using Harness.Settings;
using Harness.Subjects;

namespace Harness.Cli;

/// <summary>
/// The command-line tool: `check`, `replay`, `show`, `tune`. Every error a user can cause (an unknown option, a bad
/// value, a missing file, an invalid tolerance file, a subject that cannot load) is one line on stderr and exit
/// code 2; stack traces are for bugs, and only with HARNESS_DEBUG=1.
/// </summary>
public static class App
{
    public static RootCommand Build(CliContext context)
    {
        var root = new RootCommand("Cross-checks C# softmax/log_softmax kernels against PyTorch (TorchSharp), shrinks failures to minimal cases and saves them as fixtures.");
        root.Subcommands.Add(CheckCommand.Create(context));
        root.Subcommands.Add(ReplayCommand.Create(context));
        root.Subcommands.Add(ShowCommand.Create(context));
        root.Subcommands.Add(TuneCommand.Create(context));
        root.SetAction(r =>
        {
            context.Terminal.Error.WriteLine("error: a command is required: check, replay, show or tune (see 'harness --help')");
            return ExitCodes.BadInput;
        });
        return root;
    }

    public static int Run(string[] args, CliContext context)
    {
        RootCommand root = Build(context);
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            string command = parsed.CommandResult.Command is RootCommand ? "harness" : "harness " + parsed.CommandResult.Command.Name;
            context.Terminal.Error.WriteLine($"error: {parsed.Errors[0].Message} (see '{command} --help')");
            UsageJUnit(args, context, parsed, parsed.Errors[0].Message);
            return ExitCodes.BadInput;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration
            {
                Output = context.Terminal.Out,
                Error = context.Terminal.Error,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (Exception e) when (e is SettingsException or SubjectLoadException or UsageException or NotImplementedException)
        {
            context.Terminal.Error.WriteLine("error: " + OneLine(e.Message));
            UsageJUnit(args, context, parsed, e.Message);
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (context.Environment.GetValueOrDefault("HARNESS_DEBUG") != "1")
        {
            context.Terminal.Error.WriteLine($"error: internal error, {e.GetType().Name}: {OneLine(e.Message)} (HARNESS_DEBUG=1 shows the stack trace)");
            UsageJUnit(args, context, parsed, $"internal error, {e.GetType().Name}: {e.Message}");
            return ExitCodes.BadInput;
        }
    }

    // A CI job asked for JUnit XML: a run that ends with exit 2 still writes the file, saying why.
    private static void UsageJUnit(string[] args, CliContext context, ParseResult parsed, string message)
    {
        if (parsed.CommandResult.Command is RootCommand || JUnitWriter.FindJUnitPath(args, context.WorkingDirectory) is not { } path) return;
        try
        {
            JUnitWriter.WriteUsageError(path, parsed.CommandResult.Command.Name, message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            context.Terminal.Error.WriteLine($"error: cannot write the JUnit file {path}: {OneLine(e.Message)}");
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
