// client.cpp - SmtpNative from C++17: a small RAII wrapper (library reference, client handle) that
// turns failures into exceptions carrying the ST_ERROR_* code and the library's text, one class per
// kind of failure (network, rejected by the server, wrong use) so callers catch what they handle.
//
//   g++ -std=c++17 client.cpp -o client $(pkg-config --cflags --libs smtpnative)
//   ./client <host> <port> <user> <password>
//
// Authenticates (a wrong password first: the refusal arrives as an exception), sends one message to two recipients (the server refuses one), shows each recipient's answer,
// then shows how a failure arrives as an exception: a message whose every recipient is refused.
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>
#include "smtpnative.h"

namespace smtp {

// A failed call: code() is the ST_ERROR_* value, what() the library's description.
class Error : public std::runtime_error {
public:
    Error(const char *function, DWORD code) : std::runtime_error(function + (": " + Text(code))), code_(code) {}
    DWORD code() const noexcept { return code_; }

    static std::string Text(DWORD code)
    {
        char text[256];
        SmtpGetErrorString(code, text, static_cast<INT>(sizeof text));
        return text;
    }

private:
    DWORD code_;
};

// The network failed (refused, unreachable, timed out, closed): worth a retry later.
struct NetworkError : Error { using Error::Error; };
// The server said no (a 4xx/5xx reply, every recipient refused): see the result code and text.
struct RejectedError : Error { using Error::Error; };
// The call itself was wrong (bad address, parameter or message): retrying will not help.
struct UsageError : Error { using Error::Error; };

// Throws the exception class for this thread's last error code.
[[noreturn]] inline void Throw(const char *function)
{
    DWORD code = SmtpGetLastError();
    switch (code) {
    case ST_ERROR_CONNECTION_REFUSED: case ST_ERROR_CONNECTION_CLOSED: case ST_ERROR_TIMEOUT:
    case ST_ERROR_HOST_UNREACHABLE: case ST_ERROR_NETWORK_UNREACHABLE: case ST_ERROR_HOST_NOT_FOUND:
    case ST_ERROR_NOT_CONNECTED: case ST_ERROR_SERVER_UNAVAILABLE:
        throw NetworkError(function, code);
    case ST_ERROR_COMMAND_REJECTED: case ST_ERROR_RECIPIENT_REJECTED: case ST_ERROR_NO_VALID_RECIPIENTS:
    case ST_ERROR_MESSAGE_TOO_LARGE: case ST_ERROR_AUTHENTICATION_FAILED:
        throw RejectedError(function, code);
    case ST_ERROR_INVALID_ADDRESS: case ST_ERROR_INVALID_PARAMETER: case ST_ERROR_INVALID_MESSAGE:
    case ST_ERROR_INVALID_HANDLE: case ST_ERROR_FILE_NOT_FOUND:
        throw UsageError(function, code);
    default:
        throw Error(function, code);
    }
}

// SmtpInitialize for the lifetime of the object.
class Library {
public:
    Library() { if (!SmtpInitialize(nullptr, nullptr)) Throw("SmtpInitialize"); }
    ~Library() { SmtpUninitialize(); }
    Library(const Library &) = delete;
    Library &operator=(const Library &) = delete;
};

// INT results: SMTP_ERROR throws, anything else is returned.
inline int Check(INT result, const char *function)
{
    if (result == SMTP_ERROR) Throw(function);
    return result;
}

// A message built step by step (the staged API). Abandoned with SmtpReset unless Close() ran.
class Transaction {
public:
    Transaction(HCLIENT client, const std::string &from) : client_(client)
    {
        Check(SmtpCreateMessage(client_, from.c_str(), 0, 0), "SmtpCreateMessage");
    }
    ~Transaction() { if (open_) SmtpReset(client_); }
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    // A refused recipient throws RejectedError; the message stays open for the others.
    void AddRecipient(const std::string &address) { Check(SmtpAddRecipient(client_, address.c_str()), "SmtpAddRecipient"); }
    // Content in any pieces: the library makes it canonical (CRLF, dot-stuffing) on the wire.
    void Write(const std::string &bytes)
    {
        Check(SmtpWrite(client_, reinterpret_cast<LPBYTE>(const_cast<char *>(bytes.data())), static_cast<INT>(bytes.size())), "SmtpWrite");
    }
    void Close()
    {
        open_ = false;
        Check(SmtpCloseMessage(client_), "SmtpCloseMessage");
    }

private:
    HCLIENT client_;
    bool open_ = true;
};

struct Recipient {
    std::string address;
    int code;
};

// One connection; disconnects when it goes out of scope. Movable, not copyable.
class Client {
public:
    Client(const std::string &host, unsigned port, unsigned timeoutSeconds = 20, DWORD options = SMTP_OPTION_NONE)
        : handle_(SmtpConnect(host.c_str(), port, timeoutSeconds, options, nullptr, nullptr))
    {
        if (handle_ == INVALID_CLIENT) Throw("SmtpConnect");
    }
    ~Client() { if (handle_ != INVALID_CLIENT) SmtpDisconnect(handle_); }
    Client(Client &&other) noexcept : handle_(other.handle_) { other.handle_ = INVALID_CLIENT; }
    Client(const Client &) = delete;
    Client &operator=(const Client &) = delete;

    // SMTP_AUTH_DEFAULT: the strongest mechanism the server offers.
    void Authenticate(const std::string &user, const std::string &password, UINT mechanism = SMTP_AUTH_DEFAULT)
    {
        Check(SmtpAuthenticate(handle_, mechanism, user.c_str(), password.c_str()), "SmtpAuthenticate");
    }

    Transaction Begin(const std::string &from) { return Transaction(handle_, from); }

    // recipients: comma or semicolon separated; message: the whole RFC 5322 text.
    void Send(const std::string &from, const std::string &recipients, const std::string &message)
    {
        Check(SmtpSendMessage(handle_, from.c_str(), recipients.c_str(), const_cast<char *>(message.data()),
                              static_cast<DWORD>(message.size()), SMTP_MESSAGE_MEMORY), "SmtpSendMessage");
    }

    std::vector<Recipient> Recipients() const
    {
        std::vector<Recipient> result;
        int count = Check(SmtpGetRecipientStatus(handle_, -1, nullptr, 0, nullptr), "SmtpGetRecipientStatus");
        for (int i = 0; i < count; i++) {
            Recipient r{std::string(static_cast<size_t>(SmtpGetRecipientStatus(handle_, i, nullptr, 0, nullptr)), '\0'), 0};
            Check(SmtpGetRecipientStatus(handle_, i, &r.address[0], static_cast<INT>(r.address.size() + 1), &r.code),
                  "SmtpGetRecipientStatus");
            result.push_back(r);
        }
        return result;
    }

    int ResultCode() const { return SmtpGetResultCode(handle_); }

    std::string ResultString() const
    {
        std::string text(static_cast<size_t>(Check(SmtpGetResultString(handle_, nullptr, 0), "SmtpGetResultString")), '\0');
        SmtpGetResultString(handle_, &text[0], static_cast<INT>(text.size() + 1));
        return text;
    }

private:
    HCLIENT handle_;
};

} // namespace smtp

int main(int argc, char **argv)
{
    if (argc < 5) {
        std::fprintf(stderr, "usage: %s host port user password\n", argv[0]);
        return 2;
    }
    try {
        smtp::Library library;
        smtp::Client client(argv[1], static_cast<unsigned>(std::stoul(argv[2])), 10);
        try {
            client.Authenticate(argv[3], "not the password");
            std::fprintf(stderr, "a wrong password was accepted\n");
            return 1;
        } catch (const smtp::RejectedError &e) {
            std::printf("expected failure: %s\n", e.what());
            if (e.code() != ST_ERROR_AUTHENTICATION_FAILED) return 1;
        }
        client.Authenticate(argv[3], argv[4]);

        client.Send("sender@example.test", "alice@example.test, reject-bob@example.test",
                    "From: <sender@example.test>\r\nTo: <alice@example.test>\r\n"
                    "Subject: SmtpNative C++ sample\r\n\r\nSent by the C++ sample.\r\n");
        std::printf("sent: %d %s\n", client.ResultCode(), client.ResultString().c_str());
        for (const auto &r : client.Recipients())
            std::printf("  %s: %d\n", r.address.c_str(), r.code);

        {
            // The staged API: a second message, built in pieces; the refused recipient is an exception
            // for that one call only.
            smtp::Transaction message = client.Begin("sender@example.test");
            message.AddRecipient("alice@example.test");
            try {
                message.AddRecipient("reject-dave@example.test");
                return 1;
            } catch (const smtp::RejectedError &e) {
                std::printf("expected failure: %s\n", e.what());
                if (e.code() != ST_ERROR_RECIPIENT_REJECTED) return 1;
            }
            message.Write("From: <sender@example.test>\r\nTo: <alice@example.test>\r\n");
            message.Write("Subject: SmtpNative C++ sample (staged)\r\n\r\nWritten in pieces.\r\n");
            message.Close();
            std::printf("staged message: %d %s\n", client.ResultCode(), client.ResultString().c_str());
        }

        try {
            client.Send("sender@example.test", "reject-carol@example.test", "Subject: never sent\r\n\r\nx\r\n");
            std::fprintf(stderr, "a message to refused recipients was accepted\n");
            return 1;
        } catch (const smtp::RejectedError &e) {
            std::printf("expected failure: %s (0x%08lX, server said %d)\n", e.what(),
                        static_cast<unsigned long>(e.code()), client.ResultCode());
            if (e.code() != ST_ERROR_NO_VALID_RECIPIENTS) return 1;
        }
    } catch (const smtp::Error &e) {
        std::fprintf(stderr, "%s (0x%08lX)\n", e.what(), static_cast<unsigned long>(e.code()));
        return 1;
    }
    return 0;
}
