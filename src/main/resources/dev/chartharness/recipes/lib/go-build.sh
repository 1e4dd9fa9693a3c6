# Shared by the *-binaries.sh recipes: building third-party programs from Go modules through the
# wrapper modules under go/ beside this directory, cached per version. Source it after setting
#   recipes (the recipes directory) and label (the prefix of progress lines).
# The recipes travel in the harness's jar (dev/chartharness/recipes) and run from an extracted copy;
# this repository's ci/ scripts run the same files from src/main/resources.
# Binaries land in $bin/<name>-<version>/; bin is $CHART_HARNESS_CACHE/bin, else
# ${XDG_CACHE_HOME:-~/.cache}/chart-harness/bin.

cache=${CHART_HARNESS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/chart-harness}
bin=$cache/bin
mkdir -p "$bin"
started=$(date +%s)

say() { printf '[%s %4ss] %s\n' "$label" "$(( $(date +%s) - started ))" "$*"; }
. "$recipes/lib/checksums.sh"

# module_version WRAPPER MODULE: the version the wrapper module pins, the single source of truth.
module_version() { awk -v m="$2" '$1 == "require" && $2 == m { print $3; exit } $1 == m && $2 ~ /^v/ { print $2; exit }' "$recipes/go/$1/go.mod"; }

# kubernetes_stamp VERSION: -ldflags -X so that /version and kubelet report the real version.
kubernetes_stamp() {
  local version=$1 minor pkg stamp=""
  minor=${version#v1.}; minor=${minor%%.*}
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    stamp+=" -X $pkg.gitVersion=$version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    stamp+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  printf '%s' "$stamp"
}

# build NAME VERSION WRAPPER TAGS LDFLAGS BINARY=PACKAGE...: builds what is not cached yet, or no longer matches its
# recorded checksum; static (CGO off) unless the caller sets cgo=1.
build() {
  local name=$1 version=$2 module=$3 tags=$4 ldflags=$5; shift 5
  local out=$bin/$name-$version missing=() target t0
  for target in "$@"; do { [ -x "$out/${target%%=*}" ] && intact "$out/${target%%=*}"; } || missing+=("$target"); done
  if [ ${#missing[@]} -eq 0 ]; then say "$name $version: cached in $out"; return; fi
  mkdir -p "$out"
  # A background ticker keeps the long, silent compile visibly alive. Its sleep is killed with it: an orphaned
  # sleep would hold the recipe's output open for up to a minute after the recipe ends. It also ends within five
  # seconds of the recipe itself dying (kill -9, a CI timeout) instead of ticking forever.
  local recipe_pid=$$
  ( trap 'kill $sleeper 2>/dev/null; exit 0' TERM
    ticks=0
    while kill -0 "$recipe_pid" 2>/dev/null; do
      sleep 5 & sleeper=$!; wait $sleeper; ticks=$((ticks + 1))
      if [ $((ticks % 12)) -eq 0 ]; then say "$name $version: still compiling"; fi
    done ) & local ticker=$!
  for target in "${missing[@]}"; do
    # What an interrupted build left (go writes the output file as it links) goes before anything is built.
    rm -f "$out/${target%%=*}.partial"
    say "$name $version: building ${target%%=*} (the first build takes minutes on 2 cores; later runs reuse it)"
    t0=$(date +%s)
    # Build to a temporary name so an interrupted build never leaves a half-written binary.
    if ! (cd "$recipes/go/$module" && CGO_ENABLED=${cgo:-0} go build -trimpath -tags "$tags" \
          -ldflags "-s -w $ldflags" -o "$out/${target%%=*}.partial" "${target#*=}"); then
      kill $ticker 2>/dev/null; say "$name $version: building ${target%%=*} failed"; exit 1
    fi
    mv "$out/${target%%=*}.partial" "$out/${target%%=*}"
    record "$out/${target%%=*}"
    say "$name $version: built ${target%%=*} in $(( $(date +%s) - t0 ))s"
  done
  kill $ticker 2>/dev/null || true
  say "$name $version: built into $out"
}
