<#
.SYNOPSIS
Removes the Orchestrator node agent service and binary. Workloads are never stopped: delete the node's pods first to
stop them. The state directory (credential, settings, logs) is kept unless -Purge is given.

.EXAMPLE
.\uninstall.ps1 -Purge
#>
[CmdletBinding()]
param(
    [switch]$Purge,
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

$service = Get-Service -Name $serviceName -ErrorAction SilentlyContinue
if ($service) {
    if ($service.Status -ne 'Stopped') { Stop-Service -Name $serviceName }
    & sc.exe delete $serviceName | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "sc.exe delete $serviceName failed (exit code $LASTEXITCODE)." }
}

if (Test-Path -LiteralPath $InstallDir) { Remove-Item -LiteralPath $InstallDir -Recurse -Force }

if ($Purge) {
    if (Test-Path -LiteralPath $StateDir) { Remove-Item -LiteralPath $StateDir -Recurse -Force }
    Write-Host 'Removed the agent and its state.'
} else {
    Write-Host "Removed the agent; its state is kept in $StateDir (-Purge removes it)."
}
