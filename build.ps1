# SmtpNative build script (Windows). Publishes SmtpNative.dll and its import library
# SmtpNative.lib for win-x64 and win-x86 (VB6 and 32-bit Delphi need x86), checks that every
# export is present and undecorated, and builds the C sample with cl.
#
#   .\build.ps1            # both architectures into dist\win-x64 and dist\win-x86
#
# Needs: .NET SDK, Visual Studio Build Tools (C++ workload: link.exe, dumpbin, cl) in a
# "Developer PowerShell" so they are on PATH. Not run in CI (Linux only): kept short and reviewed.
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

dotnet run --project src/SmtpNative.HeaderGen -c Release -- native-headers
if ($LASTEXITCODE -ne 0) { throw 'header generation failed' }
$abi = Get-Content native-headers/abi.txt | Where-Object { $_ -like 'export *' } | ForEach-Object { $_.Substring(7) }

foreach ($rid in 'win-x64', 'win-x86') {
    $out = "out/publish/$rid"
    $dist = "dist/$rid"
    dotnet publish src/SmtpNative/SmtpNative.csproj -c Release -r $rid -o $out
    if ($LASTEXITCODE -ne 0) { throw "publish for $rid failed" }
    New-Item -ItemType Directory -Force "$dist/bin", "$dist/lib", "$dist/include" | Out-Null
    Copy-Item "$out/SmtpNative.dll" "$dist/bin/"
    # NativeAOT writes the import library next to the DLL's intermediate output.
    $lib = Get-ChildItem -Recurse "src/SmtpNative/bin/Release/net10.0/$rid" -Filter SmtpNative.lib | Select-Object -First 1
    if (-not $lib) { throw "SmtpNative.lib not produced for $rid" }
    Copy-Item $lib.FullName "$dist/lib/"
    Copy-Item native-headers/smtpnative.h "$dist/include/"

    # Every published export must be there, undecorated (no _Name@24 on x86).
    $exports = dumpbin /exports "$dist/bin/SmtpNative.dll" | ForEach-Object {
        if ($_ -match '^\s+\d+\s+[0-9A-F]+\s+[0-9A-F]{8}\s+(\S+)') { $Matches[1] } }
    $missing = $abi | Where-Object { $exports -notcontains $_ }
    if ($missing) { throw "$rid is missing exports: $($missing -join ', ')" }
    $decorated = $exports | Where-Object { $_ -match '^_|@\d+$' }
    if ($decorated) { throw "$rid has decorated exports: $($decorated -join ', ')" }

    # The C sample, compiled and linked against the import library.
    cl /nologo /W4 /WX /I "$dist/include" interop-samples/c/send.c "$dist/lib/SmtpNative.lib" /Fe:"$dist/bin/send.exe"
    if ($LASTEXITCODE -ne 0) { throw "C sample failed to build for $rid" }
    Write-Host "$rid OK: $($exports.Count) exports, import library and sample built"
}
