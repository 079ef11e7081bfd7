using System.Text;
using SmtpNative.Core;
using SmtpNative.Core.Delivery;
using SmtpNative.Tests.Servers;

namespace SmtpNative.Tests;

/// <summary>Direct delivery against dnsmasq and aiosmtpd exchangers on 127.0.0.x, and a relay (SmtpServer).</summary>
public class DeliveryTests(DeliveryLab lab) : IClassFixture<DeliveryLab>
{
    private static readonly byte[] Message = Encoding.ASCII.GetBytes("From: s@x.test\r\nTo: a@multi.test\r\nSubject: direct\r\n\r\nbody\r\n");

    private DirectDelivery Delivery(string? relay = null, int? port = null) =>
        new(new MxResolver([lab.NameServer], 3), new DeliveryOptions(port ?? lab.SmtpPort, relay, 10, SmtpOptions.None, "client.test"));

    [Fact]
    public void Exchangers_are_tried_in_order_past_a_refusal_and_a_4xx()
    {
        var result = Assert.Single(Delivery().Deliver("s@x.test", "order@multi.test", DeliveryMessage.FromMemory(Message)));
        Assert.Equal(new DeliveryResult("order@multi.test", DeliveryStatus.Delivered, "mx3.multi.test", 250,
            result.Text, SmtpError.Success), result);
        Assert.Contains("order@multi.test", lab.Attempts("tempfail"));   // mx2 was asked before mx3
        Assert.Contains(lab.Received("mx"), m => m.Recipients.SequenceEqual(["order@multi.test"]));
        Assert.DoesNotContain(lab.Received("tempfail"), m => m.Recipients.Contains("order@multi.test"));
    }

    [Fact]
    public void Each_recipient_gets_its_own_result()
    {
        var results = Delivery().Deliver("s@x.test",
            "one@example.test, reject-two@example.test, three@nomx.test, four@nullmx.test, five@unknown.test, six@deadmx.test, seven@busy.test, ONE@example.test",
            DeliveryMessage.FromMemory(Message));
        Assert.Equal(
        [
            ("one@example.test", DeliveryStatus.Delivered, "mx.example.test", 250, SmtpError.Success),
            ("reject-two@example.test", DeliveryStatus.Rejected, "mx.example.test", 550, SmtpError.RecipientRejected),
            ("three@nomx.test", DeliveryStatus.Delivered, "nomx.test", 250, SmtpError.Success),
            ("four@nullmx.test", DeliveryStatus.Rejected, "", 0, SmtpError.NullMailExchange),
            ("five@unknown.test", DeliveryStatus.Rejected, "", 0, SmtpError.HostNotFound),
            ("six@deadmx.test", DeliveryStatus.Deferred, "mx.deadmx.test", 0, SmtpError.ConnectionRefused),
            ("seven@busy.test", DeliveryStatus.Deferred, "mx.busy.test", 451, SmtpError.RecipientRejected),
        ], results.Select(r => (r.Recipient, r.Status, r.Server, r.Code, r.Error)));
        // one connection per domain: both example.test recipients in one transaction, the refused one left out
        Assert.Contains(lab.Received("mx"), m => m.Recipients.SequenceEqual(["one@example.test"]));
        // the domain's own address only without MX: nomx.test yes, deadmx.test (which has MX) never
        Assert.Contains(lab.Received("domain"), m => m.Recipients.SequenceEqual(["three@nomx.test"]));
        Assert.DoesNotContain(lab.Received("domain"), m => m.Recipients.Contains("six@deadmx.test"));
    }

    [Fact]
    public void Recipients_default_to_the_message_headers()
    {
        byte[] message = Encoding.ASCII.GetBytes(
            "From: s@x.test\r\nTo: List: h1@example.test, \"Comma, Name\" <h2@example.test>;\r\nCc: =?utf-8?q?no=40evil.test?= <h1@example.test>\r\nBcc: h3@nomx.test\r\n\r\nhi\r\n");
        var results = Delivery().Deliver("s@x.test", null, DeliveryMessage.FromMemory(message));
        Assert.Equal(["h1@example.test", "h2@example.test", "h3@nomx.test"], results.Select(r => r.Recipient));
        Assert.All(results, r => Assert.Equal(DeliveryStatus.Delivered, r.Status));
    }

    [Fact]
    public void A_relay_takes_every_domain_in_one_connection()
    {
        using var relay = new InProcessServer();
        var results = Delivery("127.0.0.1", relay.Port).Deliver("s@x.test", "r1@nullmx.test; r2@anything.example",
            DeliveryMessage.FromMemory(Message));
        Assert.All(results, r => Assert.Equal((DeliveryStatus.Delivered, "127.0.0.1"), (r.Status, r.Server)));
        var received = Assert.Single(relay.Messages);
        Assert.Equal(["r1@nullmx.test", "r2@anything.example"], received.Recipients);
    }

    [Fact]
    public void Invalid_input_is_refused_before_any_connection()
    {
        Assert.Equal(SmtpError.InvalidAddress, Assert.Throws<SmtpException>(() =>
            Delivery().Deliver("s@x.test", "x@example.test, bad\r\nRCPT TO:<y@example.test>", DeliveryMessage.FromMemory(Message))).Code);
        Assert.Equal(SmtpError.InvalidMessage, Assert.Throws<SmtpException>(() =>
            Delivery().Deliver("s@x.test", "x@example.test", DeliveryMessage.FromMemory(new byte[] { 65, 0, 66 }))).Code);
        Assert.DoesNotContain("x@example.test", lab.Attempts("mx"));
    }
}
