using SmtpNative.Core.Delivery;

namespace SmtpNative.Interop;

/// <summary>
/// The per-recipient results of the last SmtpDeliverMessage on the calling thread (like the last
/// error, each thread sees its own; SmtpDeliverMessage has no handle to keep them on).
/// </summary>
internal static class DeliveryResults
{
    [ThreadStatic] private static List<DeliveryResult>? t_results;

    public static IReadOnlyList<DeliveryResult> Last => t_results ?? [];

    public static void Set(List<DeliveryResult> results) => t_results = results;
}
