using SmtpNative.Fuzz.Targets;

namespace SmtpNative.Fuzz;

/// <summary>
/// A bounded in-process fuzz run: first every checked-in input (seed corpus and the regressions of
/// crashes found before), then random mutations of them until the time is up. Deterministic for a
/// given seed. No coverage feedback: that is what the AFL++ mode (./build.sh fuzz) adds.
/// </summary>
public sealed class MutationRunner(IFuzzTarget target, string fuzzRoot, int seed)
{
    private static readonly byte[] Interesting = "\r\n.\0 -<>@\"\\:;,=\t\x7f"u8.ToArray();
    private readonly Random _random = new(seed);

    /// <summary>Runs until <paramref name="duration"/> has passed; returns the failing input, or null.</summary>
    public (byte[] Input, Exception Error)? Run(TimeSpan duration, out long executions)
    {
        executions = 0;
        var corpus = new List<byte[]>();
        foreach (var dir in new[] { "corpus", "regressions" })
        {
            string path = Path.Combine(fuzzRoot, dir, target.Name);
            if (Directory.Exists(path))
                corpus.AddRange(Directory.GetFiles(path).Order().Select(File.ReadAllBytes));
        }
        if (corpus.Count == 0)
            corpus.Add([]);
        foreach (var input in corpus)
        {
            executions++;
            if (Try(input) is { } e) return (input, e);
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            var input = Mutate(corpus[_random.Next(corpus.Count)], corpus);
            executions++;
            if (Try(input) is { } e) return (input, e);
        }
        return null;
    }

    private Exception? Try(byte[] input)
    {
        try
        {
            target.Run(input);
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private byte[] Mutate(byte[] original, List<byte[]> corpus)
    {
        var data = new List<byte>(original);
        int rounds = 1 + _random.Next(6);
        for (int r = 0; r < rounds; r++)
        {
            int at = data.Count == 0 ? 0 : _random.Next(data.Count);
            switch (_random.Next(8))
            {
                case 0 when data.Count > 0: data[at] ^= (byte)(1 << _random.Next(8)); break;
                case 1 when data.Count > 0: data[at] = (byte)_random.Next(256); break;
                case 2: data.Insert(at, Interesting[_random.Next(Interesting.Length)]); break;
                case 3 when data.Count > 0: data.RemoveRange(at, Math.Min(data.Count - at, 1 + _random.Next(16))); break;
                case 4 when data.Count > 0:
                    int len = Math.Min(data.Count - at, 1 + _random.Next(64));
                    var copy = data.GetRange(at, len);
                    int times = _random.Next(4) == 0 ? 1 + _random.Next(2000) : 1;
                    for (int t = 0; t < times; t++) data.InsertRange(_random.Next(data.Count + 1), copy);
                    break;
                case 5:
                    var other = corpus[_random.Next(corpus.Count)];
                    if (other.Length > 0)
                    {
                        int from = _random.Next(other.Length);
                        data.InsertRange(at, other.AsSpan(from, Math.Min(other.Length - from, 1 + _random.Next(128))).ToArray());
                    }
                    break;
                case 6: data.InsertRange(at, Enumerable.Repeat((byte)"x.-\r\n"[_random.Next(5)], 1 + _random.Next(1100))); break;
                default: data.Insert(at, (byte)_random.Next(256)); break;
            }
        }
        return data.ToArray();
    }
}
