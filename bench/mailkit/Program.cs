// MailKit benchmark client: one SmtpClient connection reused for every message.
//   BenchMailKit send|file|cold|threads PORT FILE COUNT [THREADS]
// send: the message parsed once (MimeMessage) and sent COUNT times; file: parsed from the file for every
// message (persistent: the content stays on disk); cold: one message, timed from outside.
using System.Diagnostics;
using MailKit.Net.Smtp;
using MimeKit;

string mode = args[0];
int port = int.Parse(args[1]);
string path = args[2];
int count = int.Parse(args[3]);
int threads = args.Length > 4 ? int.Parse(args[4]) : 1;
long size = new FileInfo(path).Length;
var sender = new MailboxAddress("", "bench@sender.test");
var recipients = new[] { new MailboxAddress("", "sink@receiver.test") };

SmtpClient Connect()
{
    var client = new SmtpClient { LocalDomain = "bench.local" };
    client.Connect("127.0.0.1", port, MailKit.Security.SecureSocketOptions.None);
    return client;
}

void Run(int n)
{
    using var client = Connect();
    var message = mode == "file" ? null : MimeMessage.Load(path);
    for (int i = 0; i < n; i++)
    {
        if (mode == "file")
        {
            using var stream = File.OpenRead(path);
            client.Send(MimeMessage.Load(stream, persistent: true), sender, recipients);
        }
        else
        {
            client.Send(message!, sender, recipients);
        }
    }
    client.Disconnect(true);
}

var clock = Stopwatch.StartNew();
if (mode == "threads")
{
    var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() => Run(count / threads))).ToList();
    clock.Restart();
    workers.ForEach(t => t.Start());
    workers.ForEach(t => t.Join());
    count = count / threads * threads;
}
else
{
    Run(count);
}
double elapsed = clock.Elapsed.TotalSeconds;
long rss = Environment.WorkingSet / 1024;
Console.WriteLine($"elapsed={elapsed:F6} messages={count} bytes={size * count} rss_kib={rss}");
