<#
.SYNOPSIS
Installs the Orchestrator node agent as the Windows service "orch-agent": copies the binary, joins the control plane
(orch-agent join), registers the service (LocalSystem, automatic start, restart on failure) and starts it.
Running it again upgrades the binary and restarts the agent; workloads keep running.

.EXAMPLE
.\install.ps1 -Server https://orch.example.com -TokenFile C:\join-token.txt

.EXAMPLE
$env:ORCH_JOIN_TOKEN = '...'; .\install.ps1 -Server https://orch.example.com -NodeName win-01
#>
[CmdletBinding()]
param(
    [string]$Server,
    [string]$Token = $env:ORCH_JOIN_TOKEN,
    [string]$TokenFile,
    [string]$NodeName,
    [string]$Binary = (Join-Path $PSScriptRoot 'orch-agent.exe'),
    [string]$InstallDir = (Join-Path $env:ProgramFiles 'orch-agent'),
    [string]$StateDir = (Join-Path $env:ProgramData 'orch-agent')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$serviceName = 'orch-agent'

$principal = [Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
    throw 'Run this script from an elevated PowerShell (Run as Administrator).'
}
if (-not (Test-Path -LiteralPath $Binary -PathType Leaf)) {
    throw "No agent binary at $Binary (pass -Binary)."
}

# An upgrade replaces the binary of a running service: stop the agent first. Only the agent stops; workloads keep
# running and the restarted agent adopts them.
$existing = Get-Service -Name $serviceName -ErrorAction SilentlyContinue
if ($existing -and $existing.Status -ne 'Stopped') {
    Stop-Service -Name $serviceName
}

New-Item -ItemType Directory -Force -Path $InstallDir | Out-Null
$exe = Join-Path $InstallDir 'orch-agent.exe'
Copy-Item -LiteralPath $Binary -Destination $exe -Force

# The state holds the node credential: SYSTEM (S-1-5-18) and Administrators (S-1-5-32-544) only, inherited by every
# file in it. orch-agent join sets the same ACL; setting it here first covers a state directory that already exists.
New-Item -ItemType Directory -Force -Path $StateDir | Out-Null
& icacls.exe $StateDir /inheritance:r /grant:r '*S-1-5-18:(OI)(CI)F' '*S-1-5-32-544:(OI)(CI)F' /T /Q | Out-Null
if ($LASTEXITCODE -ne 0) { throw "icacls failed on $StateDir (exit code $LASTEXITCODE)." }

$join = @('join', '--state-dir', $StateDir)
if ($Server) { $join += @('--server', $Server) }
if ($NodeName) { $join += @('--node-name', $NodeName) }
if ($TokenFile) { $join += @('--token-file', $TokenFile) }
# The token goes through the environment, not the command line, which other users can read.
elseif ($Token) { $env:Agent__JoinToken = $Token }
try {
    & $exe @join
    if ($LASTEXITCODE -ne 0) { throw "orch-agent join failed (exit code $LASTEXITCODE); the service is not installed." }
}
finally {
    Remove-Item Env:Agent__JoinToken -ErrorAction SilentlyContinue
}

$binPath = "`"$exe`" run --state-dir `"$StateDir`""
if ($existing) {
    & sc.exe config $serviceName binPath= $binPath start= auto | Out-Null
} else {
    New-Service -Name $serviceName -BinaryPathName $binPath -DisplayName 'Orchestrator node agent' `
        -Description 'Runs the pods the Orchestrator control plane schedules to this machine.' -StartupType Automatic | Out-Null
}
if ($LASTEXITCODE -ne 0) { throw "Registering the service failed (exit code $LASTEXITCODE)." }

# Restart=always: restart 5 s after any failure, including a non-zero exit, every time.
& sc.exe failure $serviceName reset= 86400 actions= restart/5000/restart/5000/restart/5000 | Out-Null
& sc.exe failureflag $serviceName 1 | Out-Null

Start-Service -Name $serviceName
Write-Host "Installed and started the $serviceName service ($exe); state in $StateDir."
