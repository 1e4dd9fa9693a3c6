#!/usr/bin/env bash
# The k3s image the Testcontainers backend (K3sCluster) runs where no registry serves rancher/k3s: loaded into the
# local Docker engine as rancher/k3s:<k3s version with - for +>, a name K3sContainer accepts. Built from
#   - k3s and the runc shim (k3s-binaries.sh, Go modules);
#   - Debian packages: runc, the CNI plugins (bridge, host-local, portmap, loopback), iptables (nft and legacy),
#     iproute2, conntrack, util-linux's nsenter and mount tools, a static busybox, and the libraries they need;
#   - the cluster's base images (images/build-base-images.sh: pause, CoreDNS, Traefik), imported by k3s at start;
#   - /etc/rancher/k3s/config.yaml: k3s's bundled add-ons that need images from a registry (Traefik through its
#     Helm controller, CoreDNS, local-path, servicelb, metrics-server) are off; K3sCluster puts the harness's
#     CoreDNS and Traefik manifest into k3s's manifests directory and serves claims itself (label
#     dev.chartharness.k3s.addons=harness tells it so; an upstream image keeps k3s's own add-ons).
# Rebuilt only when its inputs change (the fingerprint is the image's label dev.chartharness.k3s.inputs).
# Needs a running Docker engine (docker-engine.sh start) and root for the Debian tooling.
#
# Usage: k3s-image.sh            prints the image name when done
set -euo pipefail

recipes=$(cd "$(dirname "$0")" && pwd)
# The base images first: lib.sh holds the image build lock from the moment it is sourced.
"$recipes/images/build-base-images.sh" pause coredns traefik >/dev/null
. "$recipes/images/lib.sh"
say() { printf '[k3s-image %4ss] %s\n' "$(( $(date +%s) - started ))" "$*"; }

command -v docker >/dev/null || die "docker (the client) not found; docker-engine.sh installs it"
docker info >/dev/null 2>&1 || die "no Docker engine answers; start one with docker-engine.sh start"

bin=$cache/bin
[ -f "$bin/k3s.properties" ] && [ -x "$(sed -n 's/^k3s=//p' "$bin/k3s.properties")" ] || "$recipes/k3s-binaries.sh"
k3s_binary=$(sed -n 's/^k3s=//p' "$bin/k3s.properties")
shim=$(sed -n 's/^containerd-shim-runc-v2=//p' "$bin/k3s.properties")
version=$(sed -n 's/^k3s.version=//p' "$bin/k3s.properties")
image=${K3S_IMAGE:-rancher/k3s:${version//+/-}}

base_images=("$out"/pause-*.tar "$out"/coredns-*.tar "$out"/traefik-*.tar)
ref() { printf '%s/%s:%s' "$prefix" "$1" "$(basename "$out/$1"-*.tar .tar | sed "s/^$1-//")"; }
pause_ref=$(ref pause) coredns_ref=$(ref coredns) traefik_ref=$(ref traefik)

PKGS=(libc6 runc containernetworking-plugins iptables iproute2 conntrack util-linux mount busybox-static kmod)
stage k3s "${PKGS[@]}"
fp=$(inputs k3s "$k3s_binary" "$shim" "${base_images[@]}" "$recipes"/k3s/* | awk '{ print $2 }')
if [ "$(docker image inspect --format '{{ index .Config.Labels "dev.chartharness.k3s.inputs" }}' "$image" 2>/dev/null)" = "$fp" ]; then
  say "cached: $image"; echo "$image"; exit 0
fi

t0=$(date +%s)
say "$image: staging ${#staged_debs[@]} Debian packages"
unpack k3s
s=$work/k3s/staging r=$work/k3s/rootfs
install -D -m 755 "$k3s_binary" "$s/bin/k3s"
install -D -m 755 "$shim" "$s/bin/containerd-shim-runc-v2"
python3 "$images_lib/rootfs.py" "$s" "$r" k3s containerd-shim-runc-v2 runc busybox \
  xtables-nft-multi xtables-legacy-multi 'usr/lib/x86_64-linux-gnu/xtables' \
  ip conntrack nsenter mount umount losetup findmnt modprobe \
  'usr/lib/cni/bridge' 'usr/lib/cni/host-local' 'usr/lib/cni/portmap' 'usr/lib/cni/loopback' | sed 's/^/  /'
# The multi-call names: k3s's own (containerd, kubectl, crictl, ctr), iptables' (nft as the default, as on
# Debian), busybox's for a shell and the tools k3s's scripts and `docker exec` users expect.
for name in containerd kubectl crictl ctr; do ln -sf k3s "$r/usr/bin/$name"; done
for name in iptables iptables-save iptables-restore ip6tables ip6tables-save ip6tables-restore; do
  ln -sf xtables-nft-multi "$r/usr/sbin/$name"
  ln -sf xtables-legacy-multi "$r/usr/sbin/${name/tables/tables-legacy}"
done
for name in sh cat ls mkdir rm rmdir chmod chown ln mv cp touch id env sleep date head tail tr cut wc grep sed \
            awk find ps kill df du mktemp tar gzip hostname uname true false test printf dirname basename which; do
  [ -e "$r/usr/bin/$name" ] || [ -e "$r/usr/sbin/$name" ] || ln -s busybox "$r/usr/bin/$name"
done
etc "$r" nobody 65534 65534
mkdir -p "$r/var/lib/rancher/k3s/agent/images" "$r/var/lib/rancher/k3s/server/manifests" "$r/var/lib/kubelet" \
  "$r/var/lib/cni" "$r/var/log" "$r/run" "$r/var/run" "$r/etc/rancher/k3s" "$r/opt/cni/bin" "$r/proc" "$r/sys" "$r/dev"
for tar in "${base_images[@]}"; do cp "$tar" "$r/var/lib/rancher/k3s/agent/images/"; done

cat > "$r/etc/rancher/k3s/config.yaml" <<CONFIG
# Written by k3s-image.sh. Add-ons that need images from a registry are off; K3sCluster supplies CoreDNS and
# Traefik (manifests directory) and a local-path provisioner of its own.
disable: [traefik, servicelb, metrics-server, local-storage, coredns]
# No ipset here, which kube-router's network policy controller needs.
disable-network-policy: true
flannel-backend: host-gw
flannel-cni-conf: /etc/rancher/k3s/cni.conflist
pause-image: $pause_ref
CONFIG
cat > "$r/etc/rancher/k3s/cni.conflist" <<'CNI'
{
  "cniVersion": "1.0.0",
  "name": "cbr0",
  "plugins": [
    {"type": "bridge", "bridge": "cni0", "isGateway": true, "ipMasq": true, "hairpinMode": true,
     "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.42.0.0/24"}]], "routes": [{"dst": "0.0.0.0/0"}]}},
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
CNI
# k3s's containerd template plus restrict_oom_score_adj: without CAP_SYS_RESOURCE (a container engine in a VM
# often lacks it) every sandbox fails with "can't get final child's PID from pipe".
mkdir -p "$r/var/lib/rancher/k3s/agent/etc/containerd"
install -m 755 "$recipes/k3s/entrypoint.sh" "$r/usr/bin/k3s-entrypoint"
install -m 644 "$recipes/k3s/config.toml.tmpl" "$r/var/lib/rancher/k3s/agent/etc/containerd/config.toml.tmpl"

rootfs_tar=$work/k3s/rootfs.tar
tar --numeric-owner --sort=name --mtime=@0 -C "$r" -cf "$rootfs_tar" .
say "$image: importing $(du -h "$rootfs_tar" | cut -f1) into Docker"
docker import \
  --change 'ENTRYPOINT ["/bin/k3s-entrypoint"]' --change 'CMD ["agent"]' \
  --change 'ENV PATH=/bin:/sbin:/usr/bin:/usr/sbin:/usr/lib/cni' \
  --change 'ENV CRI_CONFIG_FILE=/var/lib/rancher/k3s/agent/etc/crictl.yaml' \
  --change 'VOLUME /var/lib/kubelet /var/lib/rancher/k3s /var/lib/cni /var/log' \
  --change "LABEL dev.chartharness.k3s.addons=harness dev.chartharness.k3s.inputs=$fp org.opencontainers.image.version=$version" \
  --change "LABEL dev.chartharness.k3s.coredns=$coredns_ref dev.chartharness.k3s.traefik=$traefik_ref" \
  "$rootfs_tar" "$image" >/dev/null
rm -rf "$work/k3s"
say "$image: built in $(( $(date +%s) - t0 ))s"
echo "$image"
