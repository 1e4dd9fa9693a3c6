#!/usr/bin/env bash
# Builds the container images of a real-pods cluster without a registry or a Docker engine, as OCI
# image-layout tarballs for `ctr -n k8s.io images import` (groundwork, see docs/real-pods-spike.md):
#   pause    static Go program (sleeps until SIGTERM/SIGINT, reaps children), user 65535
#   redis    Debian redis-server + redis-cli, uid 999, /data
#   nginx    Debian nginx, uid 101, port 8080, pid/temp files under /tmp (like nginxinc/nginx-unprivileged)
#   mariadb  Debian mariadb-server-core + client, uid 999, an entrypoint honouring the official mysql image's
#            MYSQL_* variables and *_FILE secrets
#   journal-api  the frontend chart's API server (ci/images/journal-api, static Go), uid 1000, port 8080; tag
#            1.4.0-<first 7 hex of the sha256 of its non-test sources>
#   todobackend  Debian python3 + Django 3.2 + DRF + mysqlclient + uwsgi, the Django app ci/images/todobackend/app in
#            /app, uid 1000, port 8000 (the todobackend chart's uwsgi/collectstatic/migrate contract)
#   coredns, traefik  the static binaries ci/ingress-binaries.sh built (cluster DNS and the ingress controller), uid 65532
# Each Debian image is a rootfs of chosen files from the packages (apt-get download + dpkg-deb -x) plus the
# shared libraries they need (ci/images/rootfs.py), packed by ci/images/oci-pack.py. No apt/dpkg inside.
#
# Usage: ci/images/build-images.sh [pause|redis|nginx|mariadb|journal-api|todobackend|coredns|traefik]...   (default: all)
# Output: $CACHE/images/<name>-<tag>.tar, named localhost/chart-harness/<name>:<tag> ($IMAGE_PREFIX); rebuilt only
# when the recipe (these files) or the Debian package versions change. .debs are kept in $CACHE/images/debs.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
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

for tool in apt-get apt-cache dpkg-deb python3; do command -v "$tool" >/dev/null || die "$tool not found"; done

# The shell and tools every Debian-based image gets: charts run `sh -c` probes and start scripts with cat etc.
BASE_PKGS=(dash coreutils sed grep hostname)
BASE_ITEMS=(dash bin/sh cat ls mkdir rm rmdir chmod ln mv cp touch id env sleep date head tail tr cut wc
  dirname basename uname true false test printf sed grep hostname)

# upstream_version PKG: candidate version without epoch and Debian revision (7.0.15 for 5:7.0.15-1~deb12u10).
upstream_version() {
  local v
  v=$(apt-cache policy "$1" | awk '/Candidate:/ { print $2 }')
  [ -n "$v" ] && [ "$v" != "(none)" ] || die "no apt candidate for $1 (apt-get update?)"
  v=${v#*:}; printf '%s\n' "${v%-*}"
}

# closure PKG...: the packages themselves plus the library packages (lib*) of their Depends/PreDepends closure.
# Non-library dependencies (perl, debconf, adduser, mariadb-common, ...) are not needed in a rootfs of chosen files.
closure() {
  { printf '%s\n' "$@"
    apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces \
      --no-enhances "$@" | grep -E '^(lib[a-z0-9]|zlib1g$)' | grep -vE -- '-(perl|dev|doc|bin)$'
  } | sort -u
}

# fetch PKG...: download the .debs not yet in $debs; prints their paths.
fetch() {
  local uris name file missing=()
  uris=$(apt-get download --print-uris "$@") || die "apt-get download --print-uris $* failed"
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
  { sha256sum "$here/build-images.sh" "$here/oci-pack.py" "$here/rootfs.py" "$@" | awk '{ print $1 }'
    printf '%s\n' "${staged_debs[@]##*/}"; } | sha256sum | awk -v n="$name" '{ print n, $1 }'
}

# cached NAME TAG FINGERPRINT: true when the tarball exists for exactly these inputs.
cached() {
  local tar=$out/$1-$2.tar
  [ -s "$tar" ] && [ -f "$tar.inputs" ] && [ "$(cat "$tar.inputs")" = "$3" ]
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
  python3 "$here/oci-pack.py" --rootfs "$work/$name/rootfs" --ref "$prefix/$name:$tag" --out "$tar" \
    --label "org.opencontainers.image.title=$name" --label "org.opencontainers.image.version=$tag" \
    --label "org.opencontainers.image.source=chart-harness ci/images/build-images.sh" "$@" \
    | sed 's/^/  /'
  printf '%s\n' "$fp" > "$tar.inputs"
  rm -rf "$work/$name"
  say "$name: $tar ($(du -h "$tar" | cut -f1)) in $(( $(date +%s) - t0 ))s"
}

build_pause() {
  local tag=3.10 fp t0=$(date +%s)
  staged_debs=()
  fp=$(inputs pause "$here/pause/pause.go"; go version)
  if cached pause "$tag" "$fp"; then say "pause: cached $out/pause-$tag.tar"; return; fi
  command -v go >/dev/null || die "go not found (needed for the pause image)"
  say "pause $tag: building static binary"
  rm -rf "$work/pause"; mkdir -p "$work/pause/rootfs"
  (cd "$here/pause" && CGO_ENABLED=0 GOOS=linux GOARCH=amd64 GOFLAGS=-mod=mod GOTOOLCHAIN=local \
     go build -trimpath -ldflags "-s -w" -o "$work/pause/rootfs/pause" pause.go)
  pack pause "$tag" "$fp" --entrypoint '["/pause"]' --user 65535:65535 --env PATH=/
}

build_journal_api() {
  local src=$here/journal-api tag fp t0=$(date +%s)
  local sources=("$src/go.mod" "$src"/*.go)
  staged_debs=()
  # A fixed tag, like todobackend's: every cluster imports the current tarball into a fresh containerd, and the
  # fingerprint below rebuilds the tarball when a source changes. Bump it with the API's contract.
  tag=1.4.0
  fp=$(inputs journal-api "${sources[@]}"; go version)
  if cached journal-api "$tag" "$fp"; then say "journal-api: cached $out/journal-api-$tag.tar"; return; fi
  command -v go >/dev/null || die "go not found (needed for the journal-api image)"
  say "journal-api $tag: building static binary"
  rm -rf "$work/journal-api"; mkdir -p "$work/journal-api/rootfs/usr/local/bin"
  # -buildvcs=false: no git revision/dirty stamp, so the binary depends only on the sources (reproducible).
  (cd "$src" && CGO_ENABLED=0 GOOS=linux GOARCH=amd64 GOFLAGS="-mod=mod -buildvcs=false" GOTOOLCHAIN=local \
     go build -trimpath -ldflags "-s -w" -o "$work/journal-api/rootfs/usr/local/bin/journal-api" .)
  # No shell: the chart probes over HTTP. /etc for the Go resolver and user lookups, /tmp (an emptyDir in the pod).
  etc "$work/journal-api/rootfs" journal 1000 1000
  rm -f "$out"/journal-api-*.tar "$out"/journal-api-*.tar.inputs  # superseded versions
  pack journal-api "$tag" "$fp" --entrypoint '["/usr/local/bin/journal-api"]' --env PATH=/usr/local/bin \
    --env PORT=8080 --user 1000:1000 --workdir / --port 8080/tcp --stop-signal SIGTERM
}

build_redis() {
  local tag fp t0=$(date +%s)
  tag=$(upstream_version redis-server)
  stage redis redis-server redis-tools "${BASE_PKGS[@]}"
  fp=$(inputs redis)
  if cached redis "$tag" "$fp"; then say "redis: cached $out/redis-$tag.tar"; return; fi
  say "redis $tag: staging Debian packages"
  unpack redis
  local r=$work/redis/rootfs
  python3 "$here/rootfs.py" "$work/redis/staging" "$r" "${BASE_ITEMS[@]}" redis-server redis-cli \
    redis-check-aof redis-check-rdb | sed 's/^/  /'
  etc "$r" redis 999 999
  mkdir -p "$r/data"
  pack redis "$tag" "$fp" --cmd '["redis-server"]' --user 999:999 --workdir /data \
    --port 6379/tcp --volume /data --owner data=999:999
}

build_nginx() {
  local tag fp t0=$(date +%s)
  tag=$(upstream_version nginx)
  stage nginx nginx nginx-common "${BASE_PKGS[@]}"
  fp=$(inputs nginx "$here"/nginx/*)
  if cached nginx "$tag" "$fp"; then say "nginx: cached $out/nginx-$tag.tar"; return; fi
  say "nginx $tag: staging Debian packages"
  unpack nginx
  local r=$work/nginx/rootfs
  python3 "$here/rootfs.py" "$work/nginx/staging" "$r" "${BASE_ITEMS[@]}" nginx \
    etc/nginx/mime.types etc/nginx/fastcgi_params etc/nginx/scgi_params etc/nginx/uwsgi_params \
    etc/nginx/proxy_params | sed 's/^/  /'
  etc "$r" nginx 101 101
  install -m 644 "$here/nginx/nginx.conf" "$r/etc/nginx/nginx.conf"
  install -D -m 644 "$here/nginx/default.conf" "$r/etc/nginx/conf.d/default.conf"
  install -D -m 644 "$here/nginx/index.html" "$r/usr/share/nginx/html/index.html"
  # Debian's compiled-in paths: the error log nginx opens before reading nginx.conf, and /var/lib/nginx.
  mkdir -p "$r/var/log/nginx" "$r/var/cache/nginx" "$r/var/lib/nginx"
  ln -s /dev/stdout "$r/var/log/nginx/access.log"
  ln -s /dev/stderr "$r/var/log/nginx/error.log"
  pack nginx "$tag" "$fp" --cmd '["nginx","-g","daemon off;"]' --user 101:101 --workdir / \
    --port 8080/tcp --stop-signal SIGQUIT --owner var/cache/nginx=101:101 --owner var/lib/nginx=101:101
}

build_mariadb() {
  local tag fp t0=$(date +%s)
  tag=$(upstream_version mariadb-server)
  stage mariadb mariadb-server-core mariadb-client-core mariadb-client mawk "${BASE_PKGS[@]}"
  fp=$(inputs mariadb "$here"/mariadb/*)
  if cached mariadb "$tag" "$fp"; then say "mariadb: cached $out/mariadb-$tag.tar"; return; fi
  say "mariadb $tag: staging Debian packages"
  unpack mariadb
  local r=$work/mariadb/rootfs s
  python3 "$here/rootfs.py" "$work/mariadb/staging" "$r" "${BASE_ITEMS[@]}" usr/bin/mawk:usr/bin/awk mawk \
    mariadbd mysqld mariadb-install-db mysql_install_db my_print_defaults resolveip \
    mariadb mysql mariadb-admin mysqladmin mariadb-show mysqlshow mariadb-dump mysqldump \
    mariadb-tzinfo-to-sql \
    'usr/share/mysql/*.sql' usr/share/mysql/charsets usr/share/mysql/english | sed 's/^/  /'
  mkdir -p "$r/usr/lib/mysql/plugin"
  etc "$r" mysql 999 999
  install -D -m 644 "$here/mariadb/my.cnf" "$r/etc/mysql/my.cnf"
  install -D -m 755 "$here/mariadb/docker-entrypoint.sh" "$r/usr/local/bin/docker-entrypoint.sh"
  mkdir -p "$r/var/lib/mysql" "$r/var/run/mysqld" "$r/docker-entrypoint-initdb.d"
  pack mariadb "$tag" "$fp" --entrypoint '["docker-entrypoint.sh"]' --cmd '["mariadbd"]' --user 999:999 \
    --workdir / --port 3306/tcp --volume /var/lib/mysql \
    --owner var/lib/mysql=999:999 --owner var/run/mysqld=999:999
}

# todobackend: the Django/uWSGI API of charts/todobackend from Debian packages (python3, Django 3.2, Django REST
# framework, mysqlclient, uwsgi-core + its python3 and http plugins) and ci/images/todobackend/app under /app.
# Debian's uwsgi has no embedded plugins; the chart's command (`uwsgi --http=... --module=...`) names none, so the image
# sets UWSGI_PLUGINS (uwsgi reads every option from UWSGI_<OPTION> variables). Bytecode is compiled at build time
# (unchecked-hash .pyc: valid whatever the mtimes; the root filesystem is read-only at run time).
build_todobackend() {
  local tag=1.0.0 fp t0=$(date +%s)
  stage todobackend python3 python3-minimal python3.11 python3.11-minimal python3-django python3-djangorestframework \
    python3-mysqldb python3-tz python3-asgiref python3-sqlparse python3-typing-extensions uwsgi-core \
    uwsgi-plugin-python3 tzdata media-types fonts-font-awesome fonts-glyphicons-halflings "${BASE_PKGS[@]}"
  fp=$(inputs todobackend $(find "$here/todobackend" -type f -not -path '*/__pycache__/*' | sort))
  if cached todobackend "$tag" "$fp"; then say "todobackend: cached $out/todobackend-$tag.tar"; return; fi
  say "todobackend $tag: staging Debian packages"
  unpack todobackend
  local r=$work/todobackend/rootfs s=$work/todobackend/staging
  python3 "$here/rootfs.py" "$s" "$r" "${BASE_ITEMS[@]}" python3 python3.11 usr/lib/python3.11 \
    usr/lib/python3/dist-packages usr/bin/uwsgi-core:usr/bin/uwsgi \
    usr/lib/uwsgi/plugins/python311_plugin.so usr/lib/uwsgi/plugins/http_plugin.so \
    usr/lib/uwsgi/plugins/corerouter_plugin.so etc/mime.types usr/share/zoneinfo | sed 's/^/  /'
  ln -s python311_plugin.so "$r/usr/lib/uwsgi/plugins/python3_plugin.so"  # Debian's alternatives link
  etc "$r" todobackend 1000 1000
  mkdir -p "$r/app" "$r/public"
  cp -R "$here/todobackend/app/." "$r/app/"
  find "$r/app" -name __pycache__ -prune -exec rm -rf {} +
  # The image's own interpreter (via its loader, not the host's Python) compiles the stdlib, packages and app.
  PYTHONHOME=$r/usr "$r/usr/lib64/ld-linux-x86-64.so.2" --library-path "$r/usr/lib/x86_64-linux-gnu" \
    "$r/usr/bin/python3.11" -m compileall -q -j0 --invalidation-mode unchecked-hash -s "$r" -p / \
    -x '/(test|tests|lib2to3|idlelib|tkinter|turtledemo)/' \
    "$r/usr/lib/python3.11" "$r/usr/lib/python3/dist-packages" "$r/app" >/dev/null \
    || die "todobackend: compileall failed"
  pack todobackend "$tag" "$fp" --cmd '["uwsgi","--http=0.0.0.0:8000","--module=todobackend.wsgi","--master","--die-on-term","--processes=4","--threads=2","--check-static=/public"]' \
    --user 1000:1000 --workdir /app --port 8000/tcp --owner public=1000:1000 \
    --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --env UWSGI_PLUGINS=python3,http \
    --env PYTHONUNBUFFERED=1 --env PYTHONDONTWRITEBYTECODE=1 --env LANG=C.UTF-8 \
    --env DJANGO_SETTINGS_MODULE=todobackend.settings_release
}

# binary_image NAME KEY OCI-PACK-ARGS...: an image of one static binary from ci/ingress-binaries.sh (its manifest key
# KEY), tagged with the binary's version without the v. /etc for user lookups and the Go resolver; no shell.
binary_image() {
  local name=$1 key=$2 manifest=$cache/bin/local-ingress.properties binary version tag fp t0=$(date +%s)
  shift 2
  [ -f "$manifest" ] || "$here/../ingress-binaries.sh" || die "ci/ingress-binaries.sh failed"
  binary=$(sed -n "s/^$key=//p" "$manifest"); version=$(sed -n "s/^$key.version=//p" "$manifest")
  [ -x "$binary" ] || die "$binary (from $manifest) is missing: run ci/ingress-binaries.sh"
  tag=${version#v}
  staged_debs=()
  fp=$(inputs "$name" "$binary")
  if cached "$name" "$tag" "$fp"; then say "$name: cached $out/$name-$tag.tar"; return; fi
  say "$name $tag: packing $binary"
  rm -rf "$work/$name"; mkdir -p "$work/$name/rootfs/usr/local/bin"
  cp "$binary" "$work/$name/rootfs/usr/local/bin/$name"
  etc "$work/$name/rootfs" "$name" 65532 65532
  rm -f "$out/$name"-*.tar "$out/$name"-*.tar.inputs  # superseded versions
  pack "$name" "$tag" "$fp" --entrypoint "[\"/usr/local/bin/$name\"]" --env PATH=/usr/local/bin --user 65532:65532 "$@"
}
build_coredns() { binary_image coredns coredns --workdir / --port 53/udp --port 53/tcp; }
build_traefik() { binary_image traefik traefik --workdir / --port 8000/tcp --port 9000/tcp; }

names=("$@")
[ ${#names[@]} -gt 0 ] || names=(pause redis nginx mariadb journal-api todobackend coredns traefik)
for name in "${names[@]}"; do
  case "$name" in
    pause | redis | nginx | mariadb | todobackend | coredns | traefik) "build_$name" ;;
    journal-api) build_journal_api ;;
    *) die "unknown image $name (pause, redis, nginx, mariadb, journal-api, todobackend, coredns, traefik)" ;;
  esac
done
say "done: $(cd "$out" && ls -1 ./*.tar | tr '\n' ' ')"
