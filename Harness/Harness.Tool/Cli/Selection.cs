using Harness.Cases;
using Reference;

namespace Harness.Cli;

/// <summary>Parses the list-valued options: `--op`, `--pass`, `--dtype` (comma-separated names or `all`) and `--shard K/N`.</summary>
public static class Selection
{
    public static IReadOnlyList<SoftmaxOp> Ops(string? text) =>
        Parse("--op", text, Names.AllOps, Names.Of);

    public static IReadOnlyList<Pass> Passes(string? text) =>
        Parse("--pass", text, Names.AllPasses, Names.Of);

    public static IReadOnlyList<DType> DTypes(string? text) =>
        Parse("--dtype", text, Names.AllDTypes, Names.Of);

    /// <summary>"K/N" with 1 &lt;= K &lt;= N, 1-based as CI matrices count; returned 0-based as the engine takes it.</summary>
    public static (int K, int N) Shard(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (0, 1);
        string[] parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], out int k) && int.TryParse(parts[1], out int n) && n >= 1 && k >= 1 && k <= n)
        {
            return (k - 1, n);
        }
        throw UsageException.ForOption("--shard", "K/N with 1 <= K <= N (e.g. 2/4: the second of four shards)", text);
    }

    private static IReadOnlyList<T> Parse<T>(string option, string? text, IReadOnlyList<T> all, Func<T, string> name)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim() == "all") return all;
        var chosen = new List<T>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "all") return all;
            int index = all.Select(name).ToList().IndexOf(part);
            if (index < 0) throw UsageException.ForOption(option, string.Join(", ", all.Select(name)) + " or all (comma-separated)", text);
            if (!chosen.Contains(all[index])) chosen.Add(all[index]);
        }
        if (chosen.Count == 0) throw UsageException.ForOption(option, string.Join(", ", all.Select(name)) + " or all", text);
        // Keep the canonical order whatever order the user typed.
        return all.Where(chosen.Contains).ToList();
    }
}
