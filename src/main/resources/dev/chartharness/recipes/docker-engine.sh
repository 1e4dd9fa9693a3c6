#!/usr/bin/env bash
# A Docker engine for the k3s backend (Testcontainers), on a machine that has none running:
#
#   docker-engine.sh start   reuse the engine answering on /var/run/docker.sock, else install Debian's docker.io
#                            (when dockerd is missing) and start dockerd; prints "started" or "reused"
#   docker-engine.sh stop    stop the engine only if start started it, and remove what it added to the host
#
# The engine this recipe starts keeps to itself: its data in $CACHE/docker (images survive between runs, so the k3s
# image is built once), its runtime state under /run/chart-harness-docker, published ports on 127.0.0.1 only,
# and no iptables rules (--iptables=false: published ports go through docker-proxy, containers reach each other on
# the bridge). Its bridge is removed on stop unless it was there before. An engine someone else runs is used as it
# is and never stopped.
set -euo pipefail

cache=${CHART_HARNESS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/chart-harness}
state=$cache/docker
run=/run/chart-harness-docker
socket=/var/run/docker.sock
marker=$state/started-by-harness
started=$(date +%s)
say() { printf '[docker-engine %4ss] %s\n' "$(( $(date +%s) - started ))" "$*"; }
die() { say "ERROR: $*" >&2; exit 1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }
answers() { docker -H "unix://$socket" version --format '{{.Server.Version}}' >/dev/null 2>&1; }

start() {
  if answers; then
    if [ -f "$marker" ]; then say "reused the engine this recipe started (pid $(sed -n 's/^pid=//p' "$marker"))"; else say "reused the running engine at $socket"; fi
    echo reused; return
  fi
  if ! command -v dockerd >/dev/null; then
    say "installing Debian's docker.io (dockerd, containerd, runc)"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io >/dev/null \
      || die "apt-get install docker.io failed"
  fi
  command -v docker >/dev/null || die "no docker client after installing docker.io"
  mkdir -p "$state/data"
  as_root mkdir -p "$run"
  local bridge_before=no
  ip link show docker0 >/dev/null 2>&1 && bridge_before=yes
  # A stale socket from an engine that died would make dockerd refuse to start.
  [ -S "$socket" ] && ! answers && as_root rm -f "$socket"
  say "starting dockerd (data $state/data, log $state/dockerd.log)"
  as_root setsid dockerd --data-root "$state/data" --exec-root "$run/exec" --pidfile "$run/dockerd.pid" \
    -H "unix://$socket" --iptables=false --ip6tables=false --ip-masq=false --ip=127.0.0.1 \
    --userland-proxy=true --log-level=warn >"$state/dockerd.log" 2>&1 < /dev/null &
  local launcher=$! pid
  printf 'pid=\nbridge_before=%s\n' "$bridge_before" > "$marker"
  for _ in $(seq 1 120); do
    if answers; then
      pid=$(cat "$run/dockerd.pid")
      printf 'pid=%s\nbridge_before=%s\n' "$pid" "$bridge_before" > "$marker"
      say "dockerd $(docker version --format '{{.Server.Version}}') ready (pid $pid)"; echo started; return
    fi
    kill -0 "$launcher" 2>/dev/null || [ -s "$run/dockerd.pid" ] \
      || { tail -20 "$state/dockerd.log" >&2; rm -f "$marker"; die "dockerd exited; log above"; }
    sleep 0.5
  done
  tail -20 "$state/dockerd.log" >&2
  die "dockerd did not answer on $socket within 60s"
}

stop() {
  if [ ! -f "$marker" ]; then say "not started by this recipe: left alone"; return; fi
  local pid bridge_before
  pid=$(sed -n 's/^pid=//p' "$marker"); bridge_before=$(sed -n 's/^bridge_before=//p' "$marker")
  [ -n "$pid" ] || pid=$(cat "$run/dockerd.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    # Containers of a run that was killed go with the engine; their volumes with them.
    local leftovers
    leftovers=$(docker ps -aq --filter label=dev.chartharness.k3s.owner 2>/dev/null || true)
    [ -z "$leftovers" ] || docker rm -f -v $leftovers >/dev/null 2>&1 || true
    as_root kill -TERM "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && { say "dockerd $pid ignored SIGTERM for 30s: killing it"; as_root kill -KILL "$pid"; }
  fi
  [ "$bridge_before" = yes ] || ! ip link show docker0 >/dev/null 2>&1 || as_root ip link delete docker0 || true
  as_root rm -rf "$run"
  rm -f "$marker"
  say "stopped dockerd $pid and removed what it added"
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  *) echo "usage: docker-engine.sh start|stop" >&2; exit 2 ;;
esac
