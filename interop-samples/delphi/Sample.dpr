{ Sample.dpr - SmtpNative from Delphi / Free Pascal (fpc -Mdelphi) through SmtpNative.pas.

    fpc -Mdelphi -Fl<dir of libSmtpNative.so> Sample.dpr
    ./Sample <host> <port> <user> <password>

  Authenticates (a wrong password first, to show how the refusal is reported), sends one message to two recipients (the server refuses one), shows each recipient's answer,
  then shows how a failure is reported: a message whose every recipient is refused. }
program Sample;

{$IFDEF FPC}{$MODE DELPHI}{$ENDIF}
{$IFDEF MSWINDOWS}{$APPTYPE CONSOLE}{$ENDIF}

uses
  SysUtils, SmtpNative;

function ErrorText(Code: Cardinal): AnsiString;
var
  Text: array[0..255] of AnsiChar;
begin
  SmtpGetErrorStringA(Code, Text, Length(Text));
  Result := Format('0x%.8X %s', [Code, AnsiString(Text)]);
end;

const
  Parts: array[0..1] of AnsiString = (
    'From: <sender@example.test>'#13#10'To: <alice@example.test>'#13#10,
    'Subject: SmtpNative Pascal sample (staged)'#13#10#13#10'Written in pieces.'#13#10);
  Message: AnsiString =
    'From: <sender@example.test>'#13#10'To: <alice@example.test>'#13#10 +
    'Subject: SmtpNative Pascal sample'#13#10#13#10'Sent by the Pascal sample.'#13#10;

var
  ProgressBytes: Cardinal = 0;
  ProgressParam: NativeUInt = 0;

// An SMTPEVENTPROC: runs inside the send, may read the transfer status of its handle.
procedure OnProgress(hClient: HCLIENT; nEventId: Cardinal; dwError: Cardinal; dwParam: NativeUInt);
  {$IFDEF MSWINDOWS}stdcall{$ELSE}cdecl{$ENDIF};
var
  Status: SMTPTRANSFERSTATUS;
begin
  if SmtpGetTransferStatus(hClient, @Status) <> SMTP_ERROR then
  begin
    ProgressBytes := Status.dwBytesCopied;
    ProgressParam := dwParam;
  end;
end;

var
  Client: HCLIENT;
  Error: Cardinal;
  Reply, Address: array[0..511] of AnsiChar;
  I, Count, Code: Integer;
begin
  if ParamCount < 4 then
  begin
    WriteLn('usage: Sample host port user password');
    Halt(2);
  end;
  if not SmtpInitializeA(nil, nil) then
    Halt(1);
  Client := SmtpConnectA(PAnsiChar(AnsiString(ParamStr(1))), StrToInt(ParamStr(2)), 10, SMTP_OPTION_NONE, nil, nil);
  if Client = INVALID_CLIENT then
  begin
    WriteLn('SmtpConnect failed: ', ErrorText(SmtpGetLastError));
    Halt(1);
  end;

  if SmtpAuthenticateA(Client, SMTP_AUTH_DEFAULT, PAnsiChar(AnsiString(ParamStr(3))), 'not the password') <> SMTP_ERROR then
    Halt(1);
  Error := SmtpGetLastError;
  WriteLn('expected failure: ', ErrorText(Error));
  if Error <> ST_ERROR_AUTHENTICATION_FAILED then
    Halt(1);
  if SmtpAuthenticateA(Client, SMTP_AUTH_DEFAULT, PAnsiChar(AnsiString(ParamStr(3))), PAnsiChar(AnsiString(ParamStr(4)))) = SMTP_ERROR then
  begin
    WriteLn('SmtpAuthenticate failed: ', ErrorText(SmtpGetLastError));
    Halt(1);
  end;

  SmtpRegisterEvent(Client, SMTP_EVENT_PROGRESS, OnProgress, 42);
  if SmtpSendMessageA(Client, 'sender@example.test', 'alice@example.test, reject-bob@example.test',
    PAnsiChar(Message), Length(Message), SMTP_MESSAGE_MEMORY) = SMTP_ERROR then
  begin
    WriteLn('SmtpSendMessage failed: ', ErrorText(SmtpGetLastError));
    Halt(1);
  end;
  WriteLn('progress: ', ProgressBytes, ' bytes, parameter ', ProgressParam);
  if (ProgressBytes <> Cardinal(Length(Message))) or (ProgressParam <> 42) then
    Halt(1);
  SmtpRegisterEvent(Client, SMTP_EVENT_PROGRESS, nil, 0);
  SmtpGetResultStringA(Client, Reply, Length(Reply));
  WriteLn('sent: ', SmtpGetResultCode(Client), ' ', Reply);
  Count := SmtpGetRecipientStatusA(Client, -1, nil, 0, nil);
  for I := 0 to Count - 1 do
  begin
    SmtpGetRecipientStatusA(Client, I, Address, Length(Address), @Code);
    WriteLn('  ', Address, ': ', Code);
  end;

  // The staged API: a second message built in pieces; a refused recipient fails its own call only.
  if (SmtpCreateMessageA(Client, 'sender@example.test', 0, 0) = SMTP_ERROR) or
    (SmtpAddRecipientA(Client, 'alice@example.test') = SMTP_ERROR) then
  begin
    WriteLn('starting the staged message failed: ', ErrorText(SmtpGetLastError));
    Halt(1);
  end;
  if SmtpAddRecipientA(Client, 'reject-dave@example.test') <> SMTP_ERROR then
    Halt(1);
  Error := SmtpGetLastError;
  WriteLn('expected failure: ', ErrorText(Error));
  if Error <> ST_ERROR_RECIPIENT_REJECTED then
    Halt(1);
  for I := Low(Parts) to High(Parts) do
    if SmtpWrite(Client, PSmtpByte(PAnsiChar(Parts[I])), Length(Parts[I])) = SMTP_ERROR then
    begin
      WriteLn('SmtpWrite failed: ', ErrorText(SmtpGetLastError));
      Halt(1);
    end;
  if SmtpCloseMessage(Client) = SMTP_ERROR then
  begin
    WriteLn('SmtpCloseMessage failed: ', ErrorText(SmtpGetLastError));
    Halt(1);
  end;
  WriteLn('staged message: ', SmtpGetResultCode(Client));

  if SmtpSendMessageA(Client, 'sender@example.test', 'reject-carol@example.test',
    PAnsiChar('Subject: never sent'#13#10#13#10'x'#13#10), 0, SMTP_MESSAGE_MEMORY) <> SMTP_ERROR then
  begin
    WriteLn('a message to refused recipients was accepted');
    Halt(1);
  end;
  Error := SmtpGetLastError; // read it first: every successful call resets it
  WriteLn('expected failure: ', ErrorText(Error), ' (server said ', SmtpGetResultCode(Client), ')');
  if Error <> ST_ERROR_NO_VALID_RECIPIENTS then
    Halt(1);

  SmtpDisconnect(Client);
  SmtpUninitialize;
end.
