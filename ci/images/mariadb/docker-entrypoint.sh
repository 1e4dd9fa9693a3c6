#!/bin/sh
# Entrypoint of the chart-harness MariaDB image, compatible with the official mysql image's contract:
#   MYSQL_ROOT_PASSWORD[_FILE] (or MYSQL_ALLOW_EMPTY_PASSWORD=yes), MYSQL_DATABASE, MYSQL_USER,
#   MYSQL_PASSWORD[_FILE], MYSQL_ROOT_HOST (default %), /docker-entrypoint-initdb.d/*.sql|*.sh.
# Arguments starting with '-' are options for the server (`args: [--datadir=...]` in a pod spec); `mysqld`
# and `mariadbd` are the server; anything else is run as is. On the first start (no <datadir>/mysql) the datadir is
# initialised with mariadb-install-db, a temporary server without networking applies the settings above, and
# then the real server is exec'd with the given arguments. Runs as any uid that can write the datadir (999 here).
set -eu

log() { printf '%s [Entrypoint]: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

case "${1:-}" in
  '' | -*) set -- mariadbd "$@" ;;
esac
case "$1" in
  mysqld | mariadbd) shift; set -- mariadbd "$@" ;;
  *) exec "$@" ;;
esac

# file_env VAR [DEFAULT]: VAR from $VAR or from the file named by $VAR_FILE (not both).
file_env() {
  _var=$1
  eval "_val=\${$_var:-}"
  eval "_file=\${${_var}_FILE:-}"
  if [ -n "$_val" ] && [ -n "$_file" ]; then die "both $_var and ${_var}_FILE are set (but are exclusive)"; fi
  if [ -n "$_file" ]; then
    [ -r "$_file" ] || die "${_var}_FILE: cannot read $_file"
    _val=$(cat "$_file")
  fi
  [ -n "$_val" ] || _val=${2:-}
  eval "$_var=\$_val"
  unset "${_var}_FILE" 2>/dev/null || true
}

# server_option NAME DEFAULT ARGS...: the value of --NAME in ARGS, else in the option files, else DEFAULT.
server_option() {
  _name=$1 _default=$2; shift 2
  _value=$(my_print_defaults --mysqld --mariadbd 2>/dev/null | sed -n "s/^--$_name=//p" | tail -n 1)
  _take=
  for _arg in "$@"; do
    if [ -n "$_take" ]; then _value=$_arg; _take=; continue; fi
    case "$_arg" in
      --"$_name"=*) _value=${_arg#*=} ;;
      --"$_name") _take=1 ;;
    esac
  done
  printf '%s\n' "${_value:-$_default}"
}

# SQL string literal contents and identifiers.
sql_string() { printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e "s/'/\\\\'/g"; }
# dash's echo interprets backslashes: SQL goes out through printf.
sql() { printf '%s\n' "$*"; }
sql_ident() { printf '%s' "$1" | sed -e 's/`/``/g'; }

shift  # the server binary; "$@" are its options from here on
datadir=$(server_option datadir /var/lib/mysql "$@")
socket=$(server_option socket /var/run/mysqld/mysqld.sock "$@")

if [ ! -d "$datadir/mysql" ]; then
  file_env MYSQL_ROOT_PASSWORD
  file_env MYSQL_PASSWORD
  MYSQL_DATABASE=${MYSQL_DATABASE:-}
  MYSQL_USER=${MYSQL_USER:-}
  MYSQL_ROOT_HOST=${MYSQL_ROOT_HOST:-%}
  if [ -z "$MYSQL_ROOT_PASSWORD" ] && [ -z "${MYSQL_ALLOW_EMPTY_PASSWORD:-}" ]; then
    die "database is uninitialized and password option is not specified
    You need to specify one of MYSQL_ROOT_PASSWORD, MYSQL_ROOT_PASSWORD_FILE or MYSQL_ALLOW_EMPTY_PASSWORD"
  fi
  if [ "$MYSQL_USER" = root ]; then die "MYSQL_USER=root: use MYSQL_ROOT_PASSWORD for the root user"; fi
  if [ -n "$MYSQL_USER" ] && [ -z "$MYSQL_PASSWORD" ]; then die "MYSQL_USER is set but MYSQL_PASSWORD[_FILE] is not"; fi

  log "Initializing database files in $datadir"
  mkdir -p "$datadir"
  mariadb-install-db --datadir="$datadir" --rpm --skip-test-db --skip-name-resolve \
    --auth-root-authentication-method=normal \
    --default-time-zone=SYSTEM --skip-log-bin --expire-logs-days=0 \
    --loose-innodb_buffer_pool_load_at_startup=0 --loose-innodb_buffer_pool_dump_at_shutdown=0 "$@" >&2
  log "Database files initialized"

  log "Starting temporary server"
  mkdir -p "$(dirname "$socket")"
  mariadbd "$@" --skip-networking --default-time-zone=SYSTEM --socket="$socket" --skip-log-bin \
    --expire-logs-days=0 --loose-innodb_buffer_pool_load_at_startup=0 --wsrep_on=OFF &
  pid=$!
  i=0
  until mariadb-admin --protocol=socket --socket="$socket" -uroot --connect-timeout=1 ping >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || die "temporary server exited during startup"
    i=$((i + 1)); [ "$i" -lt 60 ] || die "temporary server did not answer within 60 s"
    sleep 1
  done
  log "Temporary server started"

  root_pw=$(sql_string "$MYSQL_ROOT_PASSWORD")
  root_host=$(sql_string "$MYSQL_ROOT_HOST")
  {
    sql "SET @@SESSION.SQL_LOG_BIN=0;"
    # mariadb-install-db also creates root@<uname -n> (and a proxy grant for it): keep only root@localhost.
    sql "DELETE FROM mysql.global_priv WHERE User NOT IN ('mariadb.sys', 'root') OR Host <> 'localhost';"
    sql "DELETE FROM mysql.proxies_priv WHERE Host <> 'localhost';"
    sql "FLUSH PRIVILEGES;"
    sql "ALTER USER 'root'@'localhost' IDENTIFIED BY '$root_pw';"
    if [ "$MYSQL_ROOT_HOST" != localhost ]; then
      sql "CREATE USER 'root'@'$root_host' IDENTIFIED BY '$root_pw';"
      sql "GRANT ALL ON *.* TO 'root'@'$root_host' WITH GRANT OPTION;"
    fi
    if [ -n "$MYSQL_DATABASE" ]; then
      log "Creating database $MYSQL_DATABASE"
      sql "CREATE DATABASE IF NOT EXISTS \`$(sql_ident "$MYSQL_DATABASE")\`;"
    fi
    if [ -n "$MYSQL_USER" ]; then
      log "Creating user $MYSQL_USER"
      sql "CREATE USER '$(sql_string "$MYSQL_USER")'@'%' IDENTIFIED BY '$(sql_string "$MYSQL_PASSWORD")';"
      if [ -n "$MYSQL_DATABASE" ]; then
        log "Giving user $MYSQL_USER access to schema $MYSQL_DATABASE"
        sql "GRANT ALL ON \`$(sql_ident "$MYSQL_DATABASE")\`.* TO '$(sql_string "$MYSQL_USER")'@'%';"
      fi
    fi
    sql "FLUSH PRIVILEGES;"
  } | mariadb --protocol=socket --socket="$socket" -uroot --binary-mode

  # From here on root has its password; the client reads it from MYSQL_PWD (not visible in ps).
  MYSQL_PWD=$MYSQL_ROOT_PASSWORD
  export MYSQL_PWD
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sh) log "running $f"; . "$f" ;;
      *.sql) log "running $f"; mariadb --protocol=socket --socket="$socket" -uroot ${MYSQL_DATABASE:+"$MYSQL_DATABASE"} < "$f" ;;
      */\*) ;;
      *) log "ignoring $f" ;;
    esac
  done

  log "Stopping temporary server"
  mariadb-admin --protocol=socket --socket="$socket" -uroot shutdown
  wait "$pid" || true
  unset MYSQL_PWD
  log "Temporary server stopped"
  log "MariaDB init process done. Ready for start up."
fi

exec mariadbd "$@"
