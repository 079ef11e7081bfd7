using SmtpNative.Fuzz;
using SmtpNative.Fuzz.Targets;

// SmtpNative.Fuzz run <target|all> <seconds> <fuzz-root> [seed]   bounded in-process run (./build.sh test)
// SmtpNative.Fuzz afl <target>                                      under afl-fuzz via SharpFuzz (./build.sh fuzz)
// SmtpNative.Fuzz replay <target> <file>...                         one input each, for debugging a crash
var targets = new Dictionary<string, Func<IFuzzTarget>>
{
    ["reply"] = () => new ReplyTarget(),
    ["ehlo"] = () => new CapabilitiesTarget(),
    ["address"] = () => new AddressTarget(),
    ["data"] = () => new DataTarget(),
    ["mime"] = () => new MimeRecipientsTarget(),
};

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: run <target|all> <seconds> <fuzz-root> [seed] | afl <target> | replay <target> <file>...");
    return 2;
}
switch (args[0])
{
    case "afl":
    {
        // Made inside the run: instrumented engine code must not execute before AFL's shared memory is set up.
        var create = targets[args[1]];
        IFuzzTarget? target = null;
        SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            (target ??= create()).Run(buffer.ToArray());
        });
        return 0;
    }
    case "replay":
    {
        var target = targets[args[1]]();
        foreach (var file in args.Skip(2))
        {
            target.Run(File.ReadAllBytes(file));
            Console.WriteLine($"{file}: ok");
        }
        return 0;
    }
    case "run":
    {
        var names = args[1] == "all" ? targets.Keys.ToList() : [args[1]];
        var duration = TimeSpan.FromSeconds(double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
        string root = args[3];
        int seed = args.Length > 4 ? int.Parse(args[4]) : Environment.TickCount;
        int failed = 0;
        foreach (var name in names)
        {
            var target = targets[name]();
            var failure = new MutationRunner(target, root, seed).Run(duration, out long executions);
            if (failure is { } f)
            {
                failed++;
                string crashes = Path.Combine(root, "crashes", name);
                Directory.CreateDirectory(crashes);
                string file = Path.Combine(crashes, Convert.ToHexString(System.Security.Cryptography.SHA1.HashData(f.Input))[..16].ToLowerInvariant());
                File.WriteAllBytes(file, f.Input);
                Console.WriteLine($"FAIL {name} (seed {seed}) after {executions} inputs: {f.Error.GetType().Name}: {f.Error.Message}");
                Console.WriteLine($"     input saved to {file}; after fixing, move it to regressions/{name}/");
                Console.WriteLine(f.Error.StackTrace);
            }
            else
            {
                Console.WriteLine($"PASS {name}: {executions} inputs in {duration.TotalSeconds:F0} s (seed {seed})");
            }
            (target as IDisposable)?.Dispose();
        }
        return failed == 0 ? 0 : 1;
    }
    default:
        Console.Error.WriteLine("unknown mode " + args[0]);
        return 2;
}
