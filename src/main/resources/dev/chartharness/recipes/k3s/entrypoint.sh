#!/bin/sh
# Entrypoint of the harness's k3s image (k3s-image.sh). In privileged mode it only runs k3s. Where privileged mode
# cannot start containers (K3sCluster then asks for every capability but CAP_SYS_RESOURCE), the engine still mounts
# its read-only views over /proc/sys, /proc/bus, /proc/fs and /proc/irq, and k3s's kubelet and kube-proxy write
# sysctls: those views are unmounted first (what `--security-opt systempaths=unconfined` does for `docker run`).
for path in /proc/sys /proc/bus /proc/fs /proc/irq /proc/sysrq-trigger; do
  if grep -q " $path " /proc/self/mountinfo; then
    umount "$path" 2>/dev/null || echo "k3s-entrypoint: cannot unmount the engine's read-only $path" >&2
  fi
done

# The container shares the host's cgroup namespace (kubelet needs the real hierarchy). CHART_HARNESS_CGROUP_ROOT
# (K3sCluster sets it, with --kubelet-arg=cgroup-root=/$CHART_HARNESS_CGROUP_ROOT) gives this k3s's pods a parent of
# their own beside anything else on the machine (another kubelet's /kubepods, another k3s): the kubelet wants it to
# exist, and a cpuset child needs its parent's CPUs and memory nodes before any process can join it.
if [ -n "${CHART_HARNESS_CGROUP_ROOT:-}" ]; then
  if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
    mkdir -p "/sys/fs/cgroup/$CHART_HARNESS_CGROUP_ROOT"
  else
    for hierarchy in /sys/fs/cgroup/*/; do
      [ -L "${hierarchy%/}" ] || [ ! -f "${hierarchy}cgroup.procs" ] && continue
      mkdir -p "$hierarchy$CHART_HARNESS_CGROUP_ROOT"
      if [ -f "${hierarchy}cpuset.cpus" ]; then
        cat "${hierarchy}cpuset.cpus" > "$hierarchy$CHART_HARNESS_CGROUP_ROOT/cpuset.cpus"
        cat "${hierarchy}cpuset.mems" > "$hierarchy$CHART_HARNESS_CGROUP_ROOT/cpuset.mems"
      fi
    done
  fi
fi
exec /bin/k3s "$@"
