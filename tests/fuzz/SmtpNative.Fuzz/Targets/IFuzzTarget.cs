namespace SmtpNative.Fuzz.Targets;

/// <summary>
/// One fuzz target: feeds an input to a piece of the engine and checks its properties. Throws
/// <see cref="PropertyViolation"/> when a property fails; any other exception that escapes is a crash.
/// Errors the engine is supposed to raise for bad input are caught inside the target.
/// </summary>
public interface IFuzzTarget
{
    string Name { get; }
    void Run(byte[] input);
}

public sealed class PropertyViolation(string message) : Exception(message);

public static class Property
{
    public static void Holds(bool condition, string what)
    {
        if (!condition) throw new PropertyViolation(what);
    }
}
