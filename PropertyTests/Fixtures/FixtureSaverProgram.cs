using Harness.Cases;
using Harness.Fixtures;
using Reference;

namespace PropertyTests.Fixtures;

/// <summary>
/// The test assembly's entry point, used only as the child process of <see cref="FixtureStoreProcessTests"/>:
/// <c>dotnet PropertyTests.dll save|save-real FOLDER FROM TO ELEMENTS [GO-FILE]</c> saves the cases FROM..TO-1
/// (<see cref="CaseOf"/>) into FOLDER, printing "saving ID" before and "saved ID PATH MILLISECONDS" after each save; with a
/// GO-FILE it first waits for that file to exist, so that several children start saving at the same moment.
/// Any other arguments: exit 0 (the test host never calls Main).
/// </summary>
internal static class FixtureSaverProgram
{
    public static int Main(string[] args)
    {
        if (args.Length < 5 || args[0] is not ("save" or "save-real")) return 0;
        // save-real: torch's output as expected and the accurate kernel's as actual, so the fixtures pass on replay
        // (used to build large folders for measuring replay's memory; see fixtures/README.md, "Replay").
        bool real = args[0] == "save-real";
        var oracle = real ? new Harness.Oracles.TorchOracle() : null;
        var accurate = real ? new Harness.Subjects.KernelSubject(new Reference.Accurate.AccurateKernel()) : null;
        string folder = args[1];
        int from = int.Parse(args[2]), to = int.Parse(args[3]), elements = int.Parse(args[4]);
        if (args.Length > 5)
        {
            while (!File.Exists(args[5])) Thread.Sleep(1);
        }
        var store = new FixtureStore(folder);
        for (int id = from; id < to; id++)
        {
            Case c = CaseOf(id, elements);
            Console.WriteLine($"saving {id}");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            Fixture f = real
                ? FixtureSamples.Make(c, oracle!.Evaluate(c), accurate!.Evaluate(c), token: "process:" + Environment.ProcessId)
                : FixtureSamples.Make(c, c.X, c.X, token: "process:" + Environment.ProcessId);
            string path = store.Save(f);
            Console.WriteLine($"saved {id} {path} {clock.ElapsedMilliseconds}");
        }
        return 0;
    }

    /// <summary>Case <paramref name="id"/>: a float64 softmax row of <paramref name="elements"/> values, distinct per
    /// id, with long decimals so a large one takes a while to write.</summary>
    public static Case CaseOf(int id, int elements)
    {
        var x = new double[elements];
        for (int i = 0; i < elements; i++) x[i] = id + Math.Sin(i + 0.5) / 3;
        return new Case(SoftmaxOp.Softmax, Pass.Forward, DType.Float64, [elements], 0, x, null, "process-test");
    }
}
