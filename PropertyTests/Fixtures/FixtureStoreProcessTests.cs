using System.Diagnostics;
using Xunit.Abstractions;
using Harness.Fixtures;

namespace PropertyTests.Fixtures;

/// <summary>
/// The store's atomic save, tested across processes (issue #20): a saver killed with SIGKILL in the middle of a save
/// leaves no partial file that loads as a fixture and loses nothing already saved, and the next save succeeds; two
/// processes saving the same cases at once end with one file per case, saving different cases with every case. The
/// child is this test assembly's own Main (<see cref="FixtureSaverProgram"/>).
/// </summary>
public sealed class FixtureStoreProcessTests(ITestOutputHelper output)
{
    private static readonly string Dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
        ? host
        : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";

    [Fact]
    public void A_saver_killed_mid_save_leaves_no_partial_fixture_and_the_next_save_succeeds()
    {
        using var folder = new ScratchFolder();
        const int Elements = 60_000; // about 3.5 MB per file
        var saved = new System.Collections.Concurrent.ConcurrentBag<int>();
        int next = 0, partialsSeen = 0;
        for (int round = 0; round < 4; round++)
        {
            using Process child = Start(folder.Path, next, next + 1000, Elements);
            int reported = 0;
            child.OutputDataReceived += (_, e) =>
            {
                if (e.Data?.StartsWith("saved ", StringComparison.Ordinal) != true) return;
                saved.Add(int.Parse(e.Data.Split(' ')[1]));
                Interlocked.Increment(ref reported);
            };
            child.BeginOutputReadLine();
            // Rounds 0-2: kill the moment a temporary file appears, i.e. between its creation and its move (the
            // window the atomic save exists for). Round 3: kill after two saves, wherever the third one is.
            var clock = Stopwatch.StartNew();
            bool partial = false;
            while (clock.Elapsed < TimeSpan.FromSeconds(10) && !child.HasExited)
            {
                if (round < 3 ? Directory.EnumerateFiles(folder.Path, FixtureStore.TempPrefix + "*").Any() : Volatile.Read(ref reported) >= 2)
                {
                    partial = round < 3;
                    break;
                }
            }
            child.Kill();
            child.WaitForExit();
            Assert.NotEqual(0, child.ExitCode);
            int left = Directory.GetFiles(folder.Path, FixtureStore.TempPrefix + "*").Length;
            if (partial && left > 0) partialsSeen++;
            next += 1000;
            output.WriteLine($"round {round}: killed {(partial ? "while a temporary file existed" : "after two saves")}; {saved.Count} saves reported so far; temporary files left: {left}");

            // Whatever the kill interrupted: every *.json loads, and every save the child reported is there.
            var loaded = FixtureLoader.LoadAll(folder.Path, FixtureLimits.Default);
            Assert.All(loaded, r => Assert.True(r.Succeeded, r.Error?.Message));
            foreach (int id in saved) Assert.Contains(loaded, r => r.FileName == FixtureStore.FileName(FixtureSaverProgram.CaseOf(id, Elements)));
        }
        output.WriteLine($"{partialsSeen} of 3 kills left a partial temporary file behind");
        Assert.True(partialsSeen > 0, "no kill landed while a temporary file existed: the test did not reach the window it is for");

        // The next save succeeds, loses nothing, and lists no temporary file as a fixture.
        var store = new FixtureStore(folder.Path);
        var fresh = FixtureSaverProgram.CaseOf(next, Elements);
        string path = store.Save(FixtureSamples.Make(fresh, fresh.X, fresh.X));
        var after = FixtureLoader.LoadAll(folder.Path, FixtureLimits.Default);
        Assert.All(after, r => Assert.True(r.Succeeded, r.Error?.Message));
        Assert.Equal(saved.Distinct().Count() + 1, after.Count);
        Assert.Contains(after, r => r.Path == path);
        Assert.DoesNotContain(FixtureLoader.Files(folder.Path), f => Path.GetFileName(f).StartsWith('.'));
    }

    [Theory]
    [InlineData(0, 0)] // both save cases 0..23
    [InlineData(0, 24)] // one saves 0..23, the other 24..47
    [InlineData(0, 12)] // half of the cases are saved by both
    public async Task Two_processes_saving_at_once_end_with_exactly_one_file_per_case(int firstFrom, int secondFrom)
    {
        using var folder = new ScratchFolder();
        const int Count = 24, Elements = 2_000;
        string go = Path.Combine(Path.GetTempPath(), "go-" + Guid.NewGuid().ToString("N"));
        try
        {
            using Process a = Start(folder.Path, firstFrom, firstFrom + Count, Elements, go);
            using Process b = Start(folder.Path, secondFrom, secondFrom + Count, Elements, go);
            File.WriteAllText(go, "");
            Task<string> outA = a.StandardOutput.ReadToEndAsync(), outB = b.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await Task.WhenAll(a.WaitForExitAsync(timeout.Token), b.WaitForExitAsync(timeout.Token));
            Assert.True(a.ExitCode == 0 && b.ExitCode == 0, $"exit {a.ExitCode}, {b.ExitCode}: {await a.StandardError.ReadToEndAsync()}{await b.StandardError.ReadToEndAsync()}");

            var ids = Enumerable.Range(firstFrom, Count).Union(Enumerable.Range(secondFrom, Count)).ToList();
            string[] expected = ids.Select(id => FixtureStore.FileName(FixtureSaverProgram.CaseOf(id, Elements))).Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(expected, folder.Names());
            Assert.All(FixtureLoader.LoadAll(folder.Path, FixtureLimits.Default), r => Assert.True(r.Succeeded, r.Error?.Message));
            // Each process reported a path for every case it saved, and both name the same file for a shared case.
            var reported = (await outA + await outB).Split('\n').Where(l => l.StartsWith("saved ", StringComparison.Ordinal))
                .Select(l => l.Split(' ')).GroupBy(p => p[1], p => Path.GetFileName(p[2]));
            Assert.All(reported, g => Assert.Single(g.Distinct()));
        }
        finally
        {
            File.Delete(go);
        }
    }

    private static Process Start(string folder, int from, int to, int elements, string? go = null)
    {
        var start = new ProcessStartInfo(Dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { typeof(FixtureSaverProgram).Assembly.Location, "save", folder, from.ToString(), to.ToString(), elements.ToString() }) start.ArgumentList.Add(arg);
        if (go is not null) start.ArgumentList.Add(go);
        return Process.Start(start) ?? throw new InvalidOperationException("cannot start " + Dotnet);
    }
}
