namespace SmtpNative.Tests.Hostile;

/// <summary>Every case file in tests/hostile/cases, played against the managed engine.</summary>
public class HostileCaseTests
{
    public static TheoryData<string> Cases() => new(HostileCase.All());

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case(string name)
    {
        var failures = ManagedClient.Run(HostileCase.Load(name));
        Assert.True(failures.Count == 0, name + ":\n  " + string.Join("\n  ", failures));
    }
}
