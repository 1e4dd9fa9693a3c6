#!/usr/bin/env bash
# Starts a local OCI registry (Debian's docker-registry, CNCF distribution) for the publish tests.
#
#   ci/registry.sh [PORT]   start on 127.0.0.1:PORT (default 5000), or reuse the one already there
#   ci/registry.sh stop [PORT]
#
# State lives in $CACHE/registry-PORT/ (config.yml, data/, registry.pid, registry.log);
# CACHE is $CHART_HARNESS_CACHE, else ${XDG_CACHE_HOME:-~/.cache}/chart-harness.
set -euo pipefail

action=start
if [ "${1:-}" = stop ]; then action=stop; shift; fi
port=${1:-5000}
case $port in ''|*[!0-9]*) echo "registry: port must be a number, got '$port'" >&2; exit 2 ;; esac

cache=${CHART_HARNESS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/chart-harness}
state=$cache/registry-$port
pidfile=$state/registry.pid
url=http://127.0.0.1:$port/v2/

say() { printf '[registry %s] %s\n' "$port" "$*"; }
answers() { curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; }
# Anything that speaks HTTP on the port, registry or not.
listening() { [ "$(curl -sS -o /dev/null -w '%{http_code}' --max-time 2 "$url" 2>/dev/null)" != 000 ]; }
running_pid() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null && cat "$pidfile"; }

if [ "$action" = stop ]; then
  if pid=$(running_pid); then
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    say "stopped (pid $pid)"
  else
    say "not running"
  fi
  rm -f "$pidfile"
  exit 0
fi

if pid=$(running_pid) && answers; then
  say "already running (pid $pid) at $url"
  exit 0
fi

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v docker-registry >/dev/null 2>&1; then
  # The package list may be empty or stale on a fresh machine: refresh it when apt knows no candidate.
  if ! apt-cache policy docker-registry 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    as_root apt-get update -qq
  fi
  say "installing Debian's docker-registry"
  # The package ships a system service; a CI container has no init to start it, and this script starts its own.
  as_root env DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y -qq --no-install-recommends docker-registry >/dev/null
fi
command -v curl >/dev/null 2>&1 || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl >/dev/null

if listening; then
  echo "registry: 127.0.0.1:$port already answers but was not started by this script ($pidfile); stop it or pick another port" >&2
  exit 1
fi

mkdir -p "$state/data"
cat > "$state/config.yml" <<EOF
# Written by ci/registry.sh: a throwaway local registry for tests, no auth, plain HTTP on loopback.
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $state/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
  # Only for signing upload state; fixed so the registry does not warn about a random one.
  secret: chart-harness-local-test-registry
EOF

nohup docker-registry serve "$state/config.yml" </dev/null >"$state/registry.log" 2>&1 &
echo $! > "$pidfile"
for _ in $(seq 1 100); do
  if answers; then
    say "ready at $url (pid $(cat "$pidfile"), data in $state/data)"
    exit 0
  fi
  if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then break; fi
  sleep 0.1
done
echo "registry: did not answer GET $url within 10s (or exited); its log ($state/registry.log) ends with:" >&2
tail -n 20 "$state/registry.log" >&2 || true
kill "$(cat "$pidfile")" 2>/dev/null || true
rm -f "$pidfile"
exit 1
