using System.Collections.Concurrent;
using Harness.Cases;
using Harness.Cli;
using Harness.Engine;
using Harness.Subjects;
using PropertyTests.Support;
using Reference;

namespace PropertyTests.Cli;

/// <summary>`--shard K/N`: the N shards of one run see every case of the unsharded run exactly once.</summary>
public sealed class ShardTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void Shards_partition_the_case_stream_exactly(int n)
    {
        List<string> all = Cases("1/1");
        var sharded = Enumerable.Range(1, n).Select(k => Cases($"{k}/{n}")).ToList();
        Assert.Equal(all.Count, sharded.Sum(s => s.Count));
        Assert.Equal(all.Order(StringComparer.Ordinal), sharded.SelectMany(s => s).Order(StringComparer.Ordinal));
        Assert.Equal(all.Count, all.Distinct().Count());
    }

    private static List<string> Cases(string shard)
    {
        var seen = new ConcurrentBag<string>();
        var options = new CheckOptions
        {
            Subjects = [new KernelSubject(Subjects.Resolve("accurate"))],
            Ops = [SoftmaxOp.Softmax],
            Passes = [Pass.Forward],
            DTypes = [DType.Float64],
            Cases = 50,
            Seed = 77,
            Tolerances = TestRun.Tolerances,
            Shard = Selection.Shard(shard),
            ShrinkPerGroup = 0,
            Observe = (_, outcome) => seen.Add(outcome.Case.ToString() + "|" + string.Join(",", outcome.Case.X.Select(v => BitConverter.DoubleToInt64Bits(v)))),
        };
        CheckRunner.Run(options);
        return seen.ToList();
    }
}
