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
exec /bin/k3s "$@"
