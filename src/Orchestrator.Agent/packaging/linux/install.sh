#!/usr/bin/env bash
# Installs the Orchestrator node agent as a systemd service: creates the orch-agent account, installs the binary to
# /usr/local/bin/orch-agent, joins the control plane (`orch-agent join`), installs the unit, enables and starts it.
# Running it again upgrades the binary and restarts the agent; workloads keep running.
#
#   sudo ./install.sh --server URL --token-file FILE [--node-name NAME] [--binary PATH]
#   sudo ORCH_JOIN_TOKEN=... ./install.sh --server URL
#   ./install.sh --root DIR ...   installs into DIR as a file system root (DESTDIR-style); touches nothing else on
#                                 this machine: no systemctl, no account of the host.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
user=orch-agent
root=
server=
token=${ORCH_JOIN_TOKEN:-}
token_file=
node_name=
binary=$here/orch-agent
unit=$here/orch-agent.service
sysusers=$here/orch-agent.sysusers

usage() { sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
fail() { echo "install.sh: $*" >&2; exit 1; }
need_value() { [ $# -ge 2 ] && [ -n "$2" ] || fail "$1 needs a value"; }

while [ $# -gt 0 ]; do
  case $1 in
    --root) need_value "$@"; root=${2%/}; shift 2 ;;
    --server) need_value "$@"; server=$2; shift 2 ;;
    --token) need_value "$@"; token=$2; shift 2 ;;
    --token-file) need_value "$@"; token_file=$2; shift 2 ;;
    --node-name) need_value "$@"; node_name=$2; shift 2 ;;
    --binary) need_value "$@"; binary=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) fail "unknown option $1 (see --help)" ;;
  esac
done

[ -n "$root" ] || [ "$(id -u)" -eq 0 ] || fail "run as root (or with --root DIR)"
[ -f "$binary" ] || fail "no agent binary at $binary (pass --binary PATH)"
[ -z "$root" ] || [ -d "$root" ] || fail "--root $root is not a directory"

bin_dir=$root/usr/local/bin
state_dir=$root/var/lib/orch-agent
unit_dir=$root/etc/systemd/system

echo "==> Installing $bin_dir/orch-agent"
install -D -m 0755 "$binary" "$bin_dir/orch-agent"

echo "==> Creating the $user account"
install -D -m 0644 "$sysusers" "$root/usr/lib/sysusers.d/orch-agent.conf"
if [ -n "$root" ]; then
  mkdir -p "$root/etc"
  systemd-sysusers --root "$root" "$root/usr/lib/sysusers.d/orch-agent.conf"
elif command -v systemd-sysusers >/dev/null; then
  systemd-sysusers /usr/lib/sysusers.d/orch-agent.conf
elif ! id "$user" >/dev/null 2>&1; then
  useradd --system --user-group --home-dir /var/lib/orch-agent --no-create-home --shell /usr/sbin/nologin "$user"
fi
# The Docker runtime talks to /var/run/docker.sock, which the docker group may use.
if grep -q '^docker:' "$root/etc/group" 2>/dev/null; then
  if [ -n "$root" ]; then usermod --prefix "$root" -aG docker "$user"; else usermod -aG docker "$user"; fi
fi

echo "==> Joining ${server:-the stored server}"
install -d -m 0700 "$state_dir"
join=("$bin_dir/orch-agent" join --state-dir "$state_dir")
[ -z "$server" ] || join+=(--server "$server")
[ -z "$node_name" ] || join+=(--node-name "$node_name")
[ -z "$token_file" ] || join+=(--token-file "$token_file")
# The token goes through the environment, not the arguments: arguments show in ps.
if [ -n "$token" ] && [ -z "$token_file" ]; then
  Agent__JoinToken=$token "${join[@]}"
else
  "${join[@]}"
fi
uid=$(awk -F: -v u="$user" '$1 == u { print $3 }' "$root/etc/passwd")
gid=$(awk -F: -v u="$user" '$1 == u { print $4 }' "$root/etc/passwd")
[ -n "$uid" ] || fail "the $user account was not created"
chown -R "$uid:$gid" "$state_dir"

echo "==> Installing the unit"
install -D -m 0644 "$unit" "$unit_dir/orch-agent.service"
if [ -n "$root" ]; then
  # What `systemctl enable` does, without asking this machine's systemd.
  mkdir -p "$unit_dir/multi-user.target.wants"
  ln -sfn /etc/systemd/system/orch-agent.service "$unit_dir/multi-user.target.wants/orch-agent.service"
else
  systemctl daemon-reload
  systemctl enable orch-agent.service
  # restart, not start: an upgrade must load the new binary. KillMode=process: workloads keep running.
  systemctl restart orch-agent.service
  echo "==> Started: systemctl status orch-agent; journalctl -u orch-agent -f"
fi
