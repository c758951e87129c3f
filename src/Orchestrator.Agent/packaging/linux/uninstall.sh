#!/usr/bin/env bash
# Removes the Orchestrator node agent service: disables and stops the unit, removes the unit, the binary and the
# orch-agent account. Workloads are never stopped (KillMode=process): delete the node's pods first to stop them.
# The state directory /var/lib/orch-agent (credential, settings, logs) is kept unless --purge is given.
#
#   sudo ./uninstall.sh [--purge]
#   ./uninstall.sh --root DIR [--purge]   removes from DIR as a file system root; touches nothing else on this machine.
set -euo pipefail

user=orch-agent
root=
purge=false

fail() { echo "uninstall.sh: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case $1 in
    --root) [ $# -ge 2 ] && [ -n "$2" ] || fail "--root needs a value"; root=${2%/}; shift 2 ;;
    --purge) purge=true; shift ;;
    -h|--help) sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) fail "unknown option $1 (see --help)" ;;
  esac
done

[ -n "$root" ] || [ "$(id -u)" -eq 0 ] || fail "run as root (or with --root DIR)"
[ -z "$root" ] || [ -d "$root" ] || fail "--root $root is not a directory"

unit_dir=$root/etc/systemd/system
if [ -z "$root" ] && [ -f "$unit_dir/orch-agent.service" ]; then
  systemctl disable --now orch-agent.service || true
fi
rm -f "$unit_dir/multi-user.target.wants/orch-agent.service" "$unit_dir/orch-agent.service"
rm -rf "$unit_dir/orch-agent.service.d"
[ -n "$root" ] || systemctl daemon-reload
rm -f "$root/usr/local/bin/orch-agent" "$root/usr/lib/sysusers.d/orch-agent.conf"

if grep -q "^$user:" "$root/etc/passwd" 2>/dev/null; then
  prefix=()
  [ -z "$root" ] || prefix=(--prefix "$root")
  # userdel refuses while workloads still run as the account; they are left alone, and so is the account.
  if userdel "${prefix[@]}" "$user"; then
    ! grep -q "^$user:" "$root/etc/group" || groupdel "${prefix[@]}" "$user"
  else
    echo "uninstall.sh: kept the $user account: processes still run as it" >&2
  fi
fi

if $purge; then
  rm -rf "$root/var/lib/orch-agent"
  echo "Removed the agent and its state."
else
  echo "Removed the agent; its state is kept in $root/var/lib/orch-agent (--purge removes it)."
fi
