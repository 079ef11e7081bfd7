Attribute VB_Name = "Sample"
' Sample.bas - SmtpNative from VB6 (add SmtpNative.bas and this module to a Standard EXE project,
' set the startup object to Sub Main; SmtpNative.dll from dist\win-x86\bin next to the .exe).
' Authenticates, sends one message to two recipients, lists each recipient's answer, and shows how
' an error is reported. Reviewed, not run: there is no VB6 on the Linux build machine.
Option Explicit

Private Function ErrorText(ByVal lError As Long) As String
    Dim sText As String, nLength As Long
    sText = Space$(256)
    nLength = SmtpGetErrorString(lError, sText, Len(sText))
    If nLength < 0 Then nLength = 0
    ErrorText = "0x" & Hex$(lError) & " " & Left$(sText, nLength)
End Function

Public Sub Main()
    Dim hClient As Long, nResult As Long, nCount As Long, nIndex As Long, nCode As Long
    Dim sMessage As String, sAddress As String, sReply As String, lError As Long

    If SmtpInitialize(vbNullString, ByVal 0&) = 0 Then Exit Sub
    hClient = SmtpConnect("127.0.0.1", 25, 10, SMTP_OPTION_NONE, vbNullString, ByVal 0&)
    If hClient = INVALID_CLIENT Then
        MsgBox "SmtpConnect failed: " & ErrorText(SmtpGetLastError())
        SmtpUninitialize
        Exit Sub
    End If

    ' The strongest mechanism the server offers; a refusal leaves the connection usable.
    If SmtpAuthenticate(hClient, SMTP_AUTH_DEFAULT, "user", "password") = SMTP_ERROR Then
        MsgBox "SmtpAuthenticate failed: " & ErrorText(SmtpGetLastError())
    End If

    sMessage = "From: <sender@example.test>" & vbCrLf & "To: <alice@example.test>" & vbCrLf & _
               "Subject: SmtpNative VB6 sample" & vbCrLf & vbCrLf & "Sent by the VB6 sample." & vbCrLf
    ' As Any + ByVal String: VB6 passes a pointer to the ANSI copy of the text.
    nResult = SmtpSendMessage(hClient, "sender@example.test", "alice@example.test, bob@example.test", _
                              ByVal sMessage, Len(sMessage), SMTP_MESSAGE_MEMORY)
    If nResult = SMTP_ERROR Then
        lError = SmtpGetLastError()   ' read it first: every successful call resets it
        sReply = Space$(512)
        nResult = SmtpGetResultString(hClient, sReply, Len(sReply))
        MsgBox "SmtpSendMessage failed: " & ErrorText(lError) & vbCrLf & _
               "Server said: " & SmtpGetResultCode(hClient) & " " & Left$(sReply, IIf(nResult > 0, nResult, 0))
    Else
        nCount = SmtpGetRecipientStatus(hClient, -1, vbNullString, 0, nCode)
        For nIndex = 0 To nCount - 1
            sAddress = Space$(256)
            nResult = SmtpGetRecipientStatus(hClient, nIndex, sAddress, Len(sAddress), nCode)
            Debug.Print Left$(sAddress, nResult) & ": " & nCode
        Next
    End If

    ' The staged API: a message built step by step; a refused recipient fails only its own call.
    If SmtpCreateMessage(hClient, "sender@example.test", 0, 0) = SMTP_ERROR Then
        MsgBox "SmtpCreateMessage failed: " & ErrorText(SmtpGetLastError())
    ElseIf SmtpAddRecipient(hClient, "alice@example.test") = SMTP_ERROR Then
        MsgBox "SmtpAddRecipient failed: " & ErrorText(SmtpGetLastError())
        SmtpReset hClient
    Else
        sMessage = "Subject: SmtpNative VB6 staged sample" & vbCrLf & vbCrLf & "Written in pieces." & vbCrLf
        If SmtpWrite(hClient, ByVal sMessage, Len(sMessage)) = SMTP_ERROR Then   ' VB6's Or would call both
            MsgBox "SmtpWrite failed: " & ErrorText(SmtpGetLastError())
        ElseIf SmtpCloseMessage(hClient) = SMTP_ERROR Then
            MsgBox "SmtpCloseMessage failed: " & ErrorText(SmtpGetLastError())
        End If
    End If

    SmtpDisconnect hClient
    SmtpUninitialize
End Sub
