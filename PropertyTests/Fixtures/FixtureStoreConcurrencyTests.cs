using Harness.Cases;
using Harness.Fixtures;

namespace PropertyTests.Fixtures;

/// <summary>Several savers at once lose nothing and duplicate nothing (threads here; processes: see the report in
/// fixtures/README.md, "Atomic saves").</summary>
public sealed class FixtureStoreConcurrencyTests
{
    private const int Savers = 8;

    [Fact]
    public void Concurrent_saves_of_one_case_leave_one_file()
    {
        using var folder = new ScratchFolder();
        Case c = FixtureSamples.Softmax2x3([1, 2, 3, 4, 5, 6]);
        using var start = new Barrier(Savers);
        string[] paths = new string[Savers];

        Parallel.For(0, Savers, new ParallelOptions { MaxDegreeOfParallelism = Savers }, i =>
        {
            var store = new FixtureStore(folder.Path);
            Fixture f = FixtureSamples.Make(c, c.X, c.X, token: "thread:" + i);
            start.SignalAndWait();
            paths[i] = store.Save(f);
        });

        Assert.Single(paths.Distinct());
        Assert.Equal([FixtureStore.FileName(c)], folder.Names());
    }

    [Fact]
    public void Concurrent_saves_of_different_cases_keep_every_case()
    {
        using var folder = new ScratchFolder();
        using var start = new Barrier(Savers);
        const int perSaver = 16;

        Parallel.For(0, Savers, new ParallelOptions { MaxDegreeOfParallelism = Savers }, i =>
        {
            var store = new FixtureStore(folder.Path);
            start.SignalAndWait();
            for (int k = 0; k < perSaver; k++)
            {
                // Each case is saved by two savers (i and i ^ 1), so identical saves race too.
                int id = (i / 2) * perSaver + k;
                Case c = FixtureSamples.Softmax2x3([id, 0, 0, 0, 0, 0]);
                store.Save(FixtureSamples.Make(c, c.X, c.X));
            }
        });

        Assert.Equal(Savers / 2 * perSaver, folder.Names().Length);
        Assert.All(FixtureLoader.LoadAll(folder.Path, FixtureLimits.Default), r => Assert.True(r.Succeeded, r.Error?.Message));
    }
}
