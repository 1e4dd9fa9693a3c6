#!/usr/bin/env bash
# Builds this repository's application images for the real-pods and k3s tests without a registry or a Docker
# engine, as OCI image-layout tarballs (the harness's recipes/images/lib.sh does the packing; the cluster's own
# pause, CoreDNS and Traefik images are the harness's, recipes/images/build-base-images.sh):
#   redis    Debian redis-server + redis-cli, uid 999, /data
#   nginx    Debian nginx, uid 101, port 8080, pid/temp files under /tmp (like nginxinc/nginx-unprivileged)
#   mariadb  Debian mariadb-server-core + client, uid 999, an entrypoint honouring the official mysql image's
#            MYSQL_* variables and *_FILE secrets
#   journal-api  the frontend chart's API server (ci/images/journal-api, static Go), uid 1000, port 8080, tag 1.4.0
#   todobackend  Debian python3 + Django 3.2 + DRF + mysqlclient + uwsgi, the Django app ci/images/todobackend/app in
#            /app, uid 1000, port 8000 (the todobackend chart's uwsgi/collectstatic/migrate contract)
#   busybox  Debian busybox-static (sh, wget, grep, ...), uid 65534: the image the charts' helm test pods run in
# No apt/dpkg inside the images.
#
# Usage: ci/images/build-images.sh [redis|nginx|mariadb|journal-api|todobackend|busybox]...   (default: all)
# Output: $CACHE/images/<name>-<tag>.tar, named localhost/chart-harness/<name>:<tag> ($IMAGE_PREFIX); rebuilt only
# when the recipe (these files) or the Debian package versions change. .debs are kept in $CACHE/images/debs.

set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../src/main/resources/dev/chartharness/recipes/images/lib.sh"

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
  python3 "$images_lib/rootfs.py" "$work/redis/staging" "$r" "${BASE_ITEMS[@]}" redis-server redis-cli \
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
  python3 "$images_lib/rootfs.py" "$work/nginx/staging" "$r" "${BASE_ITEMS[@]}" nginx \
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
  python3 "$images_lib/rootfs.py" "$work/mariadb/staging" "$r" "${BASE_ITEMS[@]}" usr/bin/mawk:usr/bin/awk mawk \
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
  python3 "$images_lib/rootfs.py" "$s" "$r" "${BASE_ITEMS[@]}" python3 python3.11 usr/lib/python3.11 \
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

# busybox: one static binary and its applet links; the HTTP checks of the charts' helm test pods.
build_busybox() {
  local tag fp t0=$(date +%s)
  tag=$(upstream_version busybox-static)
  stage busybox busybox-static
  fp=$(inputs busybox)
  if cached busybox "$tag" "$fp"; then say "busybox: cached $out/busybox-$tag.tar"; return; fi
  say "busybox $tag: staging the Debian package"
  unpack busybox
  local r=$work/busybox/rootfs applet
  mkdir -p "$r/bin"
  install -m 755 "$work/busybox/staging/bin/busybox" "$r/bin/busybox"
  for applet in sh wget grep cat echo sleep ls env nslookup; do ln -s busybox "$r/bin/$applet"; done
  etc "$r" nobody 65534 65534
  pack busybox "$tag" "$fp" --cmd '["sh"]' --env PATH=/bin --user 65534:65534 --workdir /
}

names=("$@")
[ ${#names[@]} -gt 0 ] || names=(redis nginx mariadb journal-api todobackend busybox)
build_images "${names[@]}"
