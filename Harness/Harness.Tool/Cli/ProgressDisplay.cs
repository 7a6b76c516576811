using System.Diagnostics;
using Harness.Engine;
using Spectre.Console;

namespace Harness.Cli;

/// <summary>
/// Shows a run's progress: a Spectre.Console progress bar on a terminal; when output is redirected (CI logs), a
/// plain line every <see cref="PlainInterval"/> and one at the end, so a log shows life without drowning in it.
/// </summary>
internal static class ProgressDisplay
{
    public static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(2);

    public static T Run<T>(Terminal terminal, string title, Func<IProgress<CheckProgress>, T> work)
    {
        if (!terminal.Interactive)
        {
            var plain = new PlainProgress(terminal.Out, title);
            T result = work(plain);
            plain.Finish();
            return result;
        }
        return AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                ProgressTask task = ctx.AddTask(title, maxValue: 1);
                T result = work(new SpectreProgress(task, title));
                task.Value = task.MaxValue;
                task.StopTask();
                return result;
            });
    }

    private sealed class SpectreProgress(ProgressTask task, string title) : IProgress<CheckProgress>
    {
        public void Report(CheckProgress p)
        {
            task.MaxValue = Math.Max(1, p.Total);
            task.Value = p.Done;
            string failures = p.Failures == 0 ? "" : $" [red]{p.Failures} failing[/]";
            task.Description = $"{title} [grey]{Markup.Escape(p.Group)}[/]{failures}";
        }
    }

    private sealed class PlainProgress(TextWriter output, string title) : IProgress<CheckProgress>
    {
        private readonly Stopwatch _watch = Stopwatch.StartNew();
        private readonly object _gate = new();
        private TimeSpan _last = TimeSpan.Zero;
        private CheckProgress _latest;

        public void Report(CheckProgress p)
        {
            lock (_gate)
            {
                if (p.Done >= _latest.Done) _latest = p;
                if (_watch.Elapsed - _last < PlainInterval) return;
                _last = _watch.Elapsed;
                Write(_latest);
            }
        }

        public void Finish()
        {
            lock (_gate) Write(_latest with { Done = _latest.Total });
        }

        private void Write(CheckProgress p)
        {
            double share = p.Total == 0 ? 1 : (double)p.Done / p.Total;
            output.WriteLine($"[{_watch.Elapsed.TotalSeconds,5:F0}s] {title}: {p.Done}/{p.Total} cases ({share:P0}), {p.Failures} failing, at {p.Group}");
            output.Flush();
        }
    }
}
