# Shared by the image builds (the harness's images/build-base-images.sh and a project's own image script, such as
# this repository's ci/images/build-images.sh): OCI image-layout tarballs for `ctr -n k8s.io images import`, made
# without a registry or a Docker engine. Each Debian image is a rootfs of chosen files from the packages
# (apt-get download + dpkg-deb -x) plus the shared libraries they need (rootfs.py), packed by oci-pack.py.
#
# Source it; it sets images_lib (this directory), cache, out ($CACHE/images), prefix ($IMAGE_PREFIX, default
# localhost/chart-harness) and takes the build lock. Tarballs are $out/<name>-<tag>.tar, rebuilt only when their
# inputs (the recipe, this library, the Debian package versions) change; .debs are kept in $out/debs.
images_lib=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache=${CHART_HARNESS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/chart-harness}
out=$cache/images
debs=$out/debs
work=$out/work
prefix=${IMAGE_PREFIX:-localhost/chart-harness}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-0}
mkdir -p "$debs" "$work"
# One build at a time: concurrent runs share $work and would pull directories from under each other.
exec 9>"$out/.build.lock"
flock 9
started=$(date +%s)

say() { printf '[images %4ss] %s\n' "$(( $(date +%s) - started ))" "$*"; }
die() { say "ERROR: $*" >&2; exit 1; }
. "$images_lib/../lib/checksums.sh"

for tool in apt-get apt-cache dpkg-deb python3; do command -v "$tool" >/dev/null || die "$tool not found"; done

# The shell and tools every Debian-based image gets: charts run `sh -c` probes and start scripts with cat etc.
BASE_PKGS=(dash coreutils sed grep hostname)
BASE_ITEMS=(dash bin/sh cat ls mkdir rm rmdir chmod ln mv cp touch id env sleep date head tail tr cut wc
  dirname basename uname true false test printf sed grep hostname)

# What apt answers (candidate versions, dependency closures, download URIs) depends only on its sources, preferences,
# package lists and the architecture; the answers are kept under $out/apt-answers/<that state> and asked again only
# when it changes (after an apt-get update), so a cached image is checked in a fraction of a second, not a second or
# two of apt per image.
apt_state=$({ ls -l --time-style=+%s.%N /etc/apt/sources.list /etc/apt/sources.list.d /etc/apt/preferences.d \
  /var/lib/apt/lists 2>/dev/null; dpkg --print-architecture; } | sha256sum | cut -c1-16)
apt_answers=$out/apt-answers/$apt_state

# apt_answer COMMAND...: COMMAND's output, asked once per apt state; a failing command is not kept.
apt_answer() {
  local file answer
  file=$apt_answers/$(printf '%s\n' "$@" | sha256sum | cut -c1-32)
  if [ -f "$file" ]; then cat "$file"; return; fi
  answer=$("$@") || return 1
  mkdir -p "$apt_answers"
  find "$out/apt-answers" -mindepth 1 -maxdepth 1 ! -name "$apt_state" -exec rm -rf {} +  # answers of an older state
  printf '%s\n' "$answer" > "$file.partial" && mv "$file.partial" "$file"
  printf '%s\n' "$answer"
}

# upstream_version PKG: candidate version without epoch and Debian revision (7.0.15 for 5:7.0.15-1~deb12u10).
upstream_version() {
  local v
  v=$(apt_answer apt-cache policy "$1" | awk '/Candidate:/ { print $2 }')
  [ -n "$v" ] && [ "$v" != "(none)" ] || die "no apt candidate for $1 (apt-get update?)"
  v=${v#*:}; printf '%s\n' "${v%-*}"
}

# closure PKG...: the packages themselves plus the library packages (lib*) of their Depends/PreDepends closure.
# Non-library dependencies (perl, debconf, adduser, mariadb-common, ...) are not needed in a rootfs of chosen files.
closure() {
  { printf '%s\n' "$@"
    apt_answer apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces \
      --no-enhances "$@" | grep -E '^(lib[a-z0-9]|zlib1g$)' | grep -vE -- '-(perl|dev|doc|bin)$'
  } | sort -u
}

# fetch PKG...: download the .debs not yet in $debs; prints their paths.
fetch() {
  local uris name file missing=()
  uris=$(apt_answer apt-get download --print-uris "$@") || die "apt-get download --print-uris $* failed"
  while read -r _ file _; do
    name=${file%%_*}
    [ -s "$debs/$file" ] || missing+=("$name")
  done <<<"$uris"
  if [ ${#missing[@]} -gt 0 ]; then
    say "  downloading ${#missing[@]} packages: ${missing[*]}" >&2
    (cd "$debs" && apt-get -qq -o APT::Sandbox::User=root download "${missing[@]}") || die "apt-get download failed"
  fi
  while read -r _ file _; do printf '%s\n' "$debs/$file"; done <<<"$uris"
}

# inputs NAME FILE...: the fingerprint deciding whether a cached tarball is current.
inputs() {
  local name=$1; shift
  local file
  { sha256sum "$images_lib/lib.sh" "$images_lib/oci-pack.py" "$images_lib/rootfs.py" "$0" | awk '{ print $1 }'
    # A cached binary's recorded checksum, not another pass over it.
    for file in "$@"; do recorded_sha256 "$file"; done
    printf '%s\n' "${staged_debs[@]##*/}"; } | sha256sum | awk -v n="$name" '{ print n, $1 }'
}

# cached NAME TAG FINGERPRINT: true when the tarball exists for exactly these inputs.
cached() {
  local tar=$out/$1-$2.tar
  [ -s "$tar" ] && [ -f "$tar.inputs" ] && [ "$(cat "$tar.inputs")" = "$3" ] && intact "$tar"
}

# stage NAME PKG...: unpack the closure of PKG into $work/NAME/staging (fresh); sets staged_debs.
stage() {
  local name=$1; shift
  local pkgs deb
  mapfile -t pkgs < <(closure "$@")
  mapfile -t staged_debs < <(fetch "${pkgs[@]}")
}
unpack() {
  local dir=$work/$1/staging deb
  rm -rf "$dir" "$work/$1/rootfs"; mkdir -p "$dir" "$work/$1/rootfs"
  for deb in "${staged_debs[@]}"; do dpkg-deb -x "$deb" "$dir"; done
  say "  unpacked ${#staged_debs[@]} packages into $dir"
}

# etc ROOTFS USER UID GID: passwd/group with root, the service user and nobody; nsswitch, hosts; /tmp.
etc() {
  local r=$1 user=$2 uid=$3 gid=$4
  mkdir -p "$r/etc" "$r/tmp" "$r/root"
  chmod 1777 "$r/tmp"; chmod 700 "$r/root"
  cat > "$r/etc/passwd" <<EOF
root:x:0:0:root:/root:/bin/sh
$user:x:$uid:$gid:$user:/nonexistent:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
EOF
  cat > "$r/etc/group" <<EOF
root:x:0:
$user:x:$gid:
nogroup:x:65534:
EOF
  printf 'passwd: files\ngroup: files\nshadow: files\nhosts: files dns\n' > "$r/etc/nsswitch.conf"
  printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' > "$r/etc/hosts"
  : > "$r/etc/resolv.conf"; : > "$r/etc/hostname"
}

# pack NAME TAG FINGERPRINT OCI-PACK-ARGS...
pack() {
  local name=$1 tag=$2 fp=$3; shift 3
  local tar=$out/$name-$tag.tar
  python3 "$images_lib/oci-pack.py" --rootfs "$work/$name/rootfs" --ref "$prefix/$name:$tag" --out "$tar" \
    --label "org.opencontainers.image.title=$name" --label "org.opencontainers.image.version=$tag" \
    --label "org.opencontainers.image.source=chart-harness $(basename "$0")" "$@" \
    | sed 's/^/  /'
  record "$tar"
  printf '%s\n' "$fp" > "$tar.inputs"
  rm -rf "$work/$name"
  say "$name: $tar ($(du -h "$tar" | cut -f1)) in $(( $(date +%s) - t0 ))s"
}

# binary_image NAME KEY OCI-PACK-ARGS...: an image of one static binary from ingress-binaries.sh (its manifest key
# KEY), tagged with the binary's version without the v. /etc for user lookups and the Go resolver; no shell.
binary_image() {
  local name=$1 key=$2 manifest=$cache/bin/local-ingress.properties binary version tag fp t0=$(date +%s)
  shift 2
  [ -f "$manifest" ] || "$images_lib/../ingress-binaries.sh" || die "ingress-binaries.sh failed"
  binary=$(sed -n "s/^$key=//p" "$manifest"); version=$(sed -n "s/^$key.version=//p" "$manifest")
  [ -x "$binary" ] || die "$binary (from $manifest) is missing: run ingress-binaries.sh"
  tag=${version#v}
  staged_debs=()
  fp=$(inputs "$name" "$binary")
  if cached "$name" "$tag" "$fp"; then say "$name: cached $out/$name-$tag.tar"; return; fi
  say "$name $tag: packing $binary"
  rm -rf "$work/$name"; mkdir -p "$work/$name/rootfs/usr/local/bin"
  cp "$binary" "$work/$name/rootfs/usr/local/bin/$name"
  etc "$work/$name/rootfs" "$name" 65532 65532
  rm -f "$out/$name"-*.tar "$out/$name"-*.tar.inputs "$out/$name"-*.tar.sha256  # superseded versions
  pack "$name" "$tag" "$fp" --entrypoint "[\"/usr/local/bin/$name\"]" --env PATH=/usr/local/bin --user 65532:65532 "$@"
}


# build_images NAME...: runs build_<name> for each (dashes as underscores); then lists what $out holds.
build_images() {
  local name
  for name in "$@"; do
    declare -F "build_${name//-/_}" >/dev/null || die "unknown image $name"
    "build_${name//-/_}"
  done
  say "done: $(cd "$out" && ls -1 ./*.tar | tr '\n' ' ')"
}
