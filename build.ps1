# SmtpNative build script (Windows). Publishes SmtpNative.dll and its import library
# SmtpNative.lib for win-x64 and win-x86 (VB6 and 32-bit Delphi need x86), checks that every
# published export is present and undecorated, and builds and links the C sample with cl for
# each architecture.
#
#   .\build.ps1                      # both architectures into dist\win-x64 and dist\win-x86
#   .\build.ps1 -Rids win-x86        # one of them
#
# Needs: the .NET SDK and Visual Studio (Build Tools) with the C++ workload. Run it from any
# PowerShell: NativeAOT finds the linker itself, and cl/dumpbin run inside vcvarsall.bat for the
# architecture being built (an x64 cl cannot link the x86 import library).
# Not run in CI (Linux only): kept short and reviewed. Layout of dist\<rid>:
#   bin\SmtpNative.dll  bin\send.exe  lib\SmtpNative.lib  include\smtpnative.h (+ .pas, .bas, .py, .cs)
param([string[]] $Rids = @('win-x64', 'win-x86'))
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

# cl, dumpbin: from the newest Visual Studio with the C++ tools, in that architecture's environment.
$vswhere = "${env:ProgramFiles(x86)}\Microsoft Visual Studio\Installer\vswhere.exe"
$vs = & $vswhere -latest -products * -requires Microsoft.VisualStudio.Component.VC.Tools.x86.x64 -property installationPath
if (-not $vs) { throw 'Visual Studio with the C++ tools (MSVC x86/x64) was not found' }
$vcvars = Join-Path $vs 'VC\Auxiliary\Build\vcvarsall.bat'
# Runs one command inside vcvarsall for $arch, through a small .cmd file (no cmd /c quoting rules).
function Invoke-VcTool([string] $arch, [string] $command) {
    $script = Join-Path ([IO.Path]::GetTempPath()) "smtpnative-vc-$arch.cmd"
    Set-Content -Path $script -Encoding ascii -Value "@call `"$vcvars`" $arch >nul || exit /b 1`r`n@$command`r`n@exit /b %errorlevel%"
    $output = & $script
    if ($LASTEXITCODE -ne 0) { $output | Write-Host; throw "failed ($arch): $command" }
    $output
}

dotnet run --project src/SmtpNative.HeaderGen -c Release -- native-headers
if ($LASTEXITCODE -ne 0) { throw 'header generation failed' }
$abi = Get-Content native-headers/abi.txt | Where-Object { $_ -like 'export *' } | ForEach-Object { $_.Substring(7) }
$bindings = 'native-headers/smtpnative.h', 'interop-samples/delphi/SmtpNative.pas', 'interop-samples/vb6/SmtpNative.bas',
            'interop-samples/python/smtpnative.py', 'interop-samples/csharp/SmtpNative.Bindings.cs'

foreach ($rid in $Rids) {
    $arch = @{ 'win-x64' = 'x64'; 'win-x86' = 'x86' }[$rid]
    $out = "out/publish/$rid"
    $dist = "dist/$rid"
    dotnet publish src/SmtpNative/SmtpNative.csproj -c Release -r $rid -o $out
    if ($LASTEXITCODE -ne 0) { throw "publish for $rid failed" }
    Remove-Item -Recurse -Force $dist -ErrorAction SilentlyContinue
    New-Item -ItemType Directory -Force "$dist/bin", "$dist/lib", "$dist/include" | Out-Null
    Copy-Item "$out/SmtpNative.dll" "$dist/bin/"
    # The linker writes the import library next to the native DLL (bin\...\<rid>\native\); publish
    # copies only the DLL, so take the .lib from there.
    $lib = "src/SmtpNative/bin/Release/net10.0/$rid/native/SmtpNative.lib"
    if (-not (Test-Path $lib)) { throw "SmtpNative.lib not produced for $rid (expected $lib)" }
    Copy-Item $lib "$dist/lib/"
    Copy-Item $bindings "$dist/include/"

    # Every published export must be there, undecorated (SmtpConnectA, not _SmtpConnectA@24 on x86).
    $exports = Invoke-VcTool $arch "dumpbin /nologo /exports `"$dist/bin/SmtpNative.dll`"" | ForEach-Object {
        if ($_ -match '^\s+\d+\s+[0-9A-F]+\s+[0-9A-F]{8}\s+(\S+)') { $Matches[1] } }
    $missing = $abi | Where-Object { $exports -notcontains $_ }
    if ($missing) { throw "$rid is missing exports: $($missing -join ', ')" }
    $decorated = $exports | Where-Object { $_ -match '^_|@\d+$' }
    if ($decorated) { throw "$rid has decorated exports: $($decorated -join ', ')" }
    # The C sample, compiled with warnings as errors and linked against the import library: this
    # also proves the .lib resolves the names a C caller references (_SmtpConnectA@24 on x86).
    Invoke-VcTool $arch ("cl /nologo /W4 /WX /I `"$dist/include`" interop-samples/c/send.c `"$dist/lib/SmtpNative.lib`" " +
                         "/Fo`"$out/`" /Fe`"$dist/bin/send.exe`"") | Out-Null
    Write-Host "$rid OK: $($abi.Count) exports present and undecorated, import library links, send.exe built"
}
Write-Host "Run a sample: dist\win-x64\bin\send.exe <host> <port> <from> <recipients>"
