#!/usr/bin/env bash
# FerretDB v1.24.2 (a MongoDB-compatible server on SQLite) for local runs and CI, so Parley
# needs no MongoDB binary. It is built with the patches in scripts/ferretdb/ (see the README),
# and reports its version as v1.24.2-parley.N so a stock build is told apart and rebuilt.
#
#   scripts/ferretdb.sh build   build it unless a working one is there; prints the binary's path
#                               (about 4-5 minutes the first time, on 2 idle cores)
#   scripts/ferretdb.sh find    print the path of a working build, or exit 1; never builds
#   scripts/ferretdb.sh start   start one on a free loopback port; prints only its MongoDB URI
#   scripts/ferretdb.sh stop    stop the one `start` started (and delete its temporary data)
#
# `npm start` and `npm test` use `find` and `build` when nothing else gives them a database
# (see src/db/embedded.ts).
#
# Environment: FERRETDB_BIN (binary; default $(go env GOPATH)/bin/ferretdb), FERRETDB_DATA_DIR
# (keep the data there instead of a temporary directory), FERRETDB_PORT (a fixed port),
# FERRETDB_RUN_DIR (pid file, log and state; default one per checkout under $TMPDIR),
# FERRETDB_PREBUILT (a patched ferretdb built elsewhere for this OS and CPU: `build` copies it
# instead of compiling), GOPROXY (`off`: fetch nothing, so a build needs Go and its module cache).
set -euo pipefail

readonly VERSION=v1.24.2
# What the patched build reports; bump the suffix whenever scripts/ferretdb/*.patch changes.
readonly PATCHED_VERSION=$VERSION-parley.1
readonly MODULE=github.com/FerretDB/FerretDB
readonly GO_TOOLCHAIN=go1.24.3 # the `toolchain` line of FerretDB's go.mod

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
patch_dir=$root/scripts/ferretdb
run_dir=${FERRETDB_RUN_DIR:-${TMPDIR:-/tmp}/parley-ferretdb-$(printf '%s' "$root" | cksum | cut -d' ' -f1)}
pid_file=$run_dir/ferretdb.pid

log() { printf 'ferretdb.sh: %s\n' "$*" >&2; }
die() {
  log "$*"
  exit 1
}

# Finds go on PATH or in /usr/local/go. Without one, fetches the Go toolchain from the Go module
# proxy, the same archive GOTOOLCHAIN switching would use.
ensure_go() {
  if ! command -v go >/dev/null && [[ -x /usr/local/go/bin/go ]]; then PATH=/usr/local/go/bin:$PATH; fi
  command -v go >/dev/null && return
  local arch
  case $(uname -m) in
  x86_64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) die "no Go toolchain for $(uname -m): install Go 1.24 or newer" ;;
  esac
  local name=golang.org/toolchain@v0.0.1-$GO_TOOLCHAIN.linux-$arch
  local cache=${XDG_CACHE_HOME:-$HOME/.cache}/parley
  if [[ ! -x $cache/$name/bin/go ]]; then
    [[ ${GOPROXY:-} != off ]] || die "no go found, and GOPROXY=off forbids fetching one: install Go 1.24 or newer"
    local proxy=${GOPROXY:-https://proxy.golang.org}
    proxy=${proxy%%[,|]*}
    [[ $proxy == http* ]] || proxy=https://proxy.golang.org
    log "no go found: fetching $GO_TOOLCHAIN from $proxy"
    mkdir -p "$cache"
    curl -fsSL --retry 3 -o "$cache/go.zip" "$proxy/golang.org/toolchain/@v/v0.0.1-$GO_TOOLCHAIN.linux-$arch.zip"
    if command -v unzip >/dev/null; then
      unzip -q -o "$cache/go.zip" -d "$cache"
    else
      python3 -m zipfile -e "$cache/go.zip" "$cache"
    fi
    rm -f "$cache/go.zip"
    # Module zips do not keep the executable bit.
    chmod -R a+x "$cache/$name/bin" "$cache/$name/pkg/tool"
  fi
  PATH=$cache/$name/bin:$PATH
}

target_bin() {
  if [[ -n ${FERRETDB_BIN:-} ]]; then
    printf '%s\n' "$FERRETDB_BIN"
  elif command -v go >/dev/null || [[ -x /usr/local/go/bin/go ]]; then
    printf '%s/bin/ferretdb\n' "$(PATH=$PATH:/usr/local/go/bin go env GOPATH | cut -d: -f1)"
  else
    printf '%s/bin/ferretdb\n' "${GOPATH:-$HOME/go}"
  fi
}

# The output is read whole first: `grep -q` quits at its match, and under pipefail the SIGPIPE
# that ferretdb may then get while printing the rest would make a good build look broken.
is_working() {
  local reported
  [[ -x $1 ]] && reported=$("$1" --version 2>/dev/null) && grep -qx "version: $PATCHED_VERSION" <<<"$reported"
}

# Prints one string field of the JSON that `go mod download -json` prints, one field a line.
json_field() { sed -n "s/^[[:space:]]*\"$1\": \"\(.*\)\",\{0,1\}\$/\1/p"; }

# Applies every patch in scripts/ferretdb/ to the module copy in the current directory; any
# patch that no longer applies fails the build rather than producing an unpatched binary.
apply_patches() {
  local patch
  for patch in "$patch_dir"/*.patch; do
    [[ -e $patch ]] || die "no patches found in $patch_dir"
    git apply --check "$patch" || die "$(basename "$patch") does not apply to FerretDB $VERSION"
    git apply "$patch"
    log "applied $(basename "$patch")"
  done
}

target_path() {
  local bin
  bin=$(target_bin)
  [[ $bin == /* ]] || bin=$PWD/$bin
  printf '%s\n' "$bin"
}

cmd_find() {
  local bin
  bin=$(target_path)
  is_working "$bin" || return 1
  printf '%s\n' "$bin"
}

cmd_build() {
  local bin
  bin=$(target_path)
  if is_working "$bin"; then
    printf '%s\n' "$bin"
    return
  fi
  if [[ -x $bin ]]; then
    log "$bin is not the patched build ($("$bin" --version 2>/dev/null | head -n 1)); rebuilding it"
  fi
  if [[ -n ${FERRETDB_PREBUILT:-} ]]; then
    is_working "$FERRETDB_PREBUILT" || die "FERRETDB_PREBUILT=$FERRETDB_PREBUILT does not report version $PATCHED_VERSION"
    log "copying $FERRETDB_PREBUILT to $bin (FERRETDB_PREBUILT)"
    mkdir -p "$(dirname "$bin")"
    cp "$FERRETDB_PREBUILT" "$bin.tmp.$$"
    mv "$bin.tmp.$$" "$bin"
    printf '%s\n' "$bin"
    return
  fi
  ensure_go
  # With empty Go caches on 2 cores: about 4 minutes on an idle machine, 7 min 20 s on one busy
  # with other work (load average 8), module downloads included.
  log "building FerretDB $PATCHED_VERSION into $bin (about 4-5 minutes the first time)"
  # Plain `go install $MODULE/cmd/ferretdb@$VERSION` builds a binary that panics at start
  # ("Invalid build/version/version.txt file content"): that file is generated by FerretDB's
  # own build tasks and is not in the module zip. So build from a writable copy that has it.
  build_dir=$(mktemp -d)
  trap 'rm -rf "$build_dir"' EXIT
  (
    cd "$build_dir"
    # On failure the reason is in the JSON on stdout, not on stderr.
    info=$(go mod download -json "$MODULE@$VERSION") ||
      die "go mod download $MODULE@$VERSION failed: $(json_field Error <<<"$info")"
    dir=$(json_field Dir <<<"$info")
    [[ -n $dir && -d $dir ]] || die "go mod download $MODULE@$VERSION gave no module directory"
    cp -R "$dir" src
    chmod -R u+w src
    cd src
    apply_patches
    printf '%s\n' "$PATCHED_VERSION" >build/version/version.txt
    mkdir -p "$(dirname "$bin")"
    CGO_ENABLED=0 go build -buildvcs=false -o "$bin" ./cmd/ferretdb
  )
  is_working "$bin" || die "$bin was built but does not report version $PATCHED_VERSION"
  printf '%s\n' "$bin"
}

# Prints the pid of the FerretDB that `start` started, if it still runs.
running_pid() {
  [[ -f $pid_file ]] || return 1
  local pid state
  pid=$(<"$pid_file")
  [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/stat ]] || return 1
  read -r _ _ state _ <"/proc/$pid/stat"
  [[ $state != Z ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q ferretdb || return 1
  printf '%s\n' "$pid"
}

stop_pid() {
  local pid=$1
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
}

cmd_start() {
  local pid
  if pid=$(running_pid); then
    log "already running (pid $pid)"
    cat "$run_dir/uri"
    return
  fi
  local bin
  bin=$(cmd_build)
  [[ ! -e $run_dir || -O $run_dir ]] || die "$run_dir belongs to another user"
  mkdir -p "$(dirname "$run_dir")"
  mkdir -m 700 "$run_dir" 2>/dev/null || true
  rm -rf "$run_dir/data" "$run_dir/uri" "$pid_file"
  local data=${FERRETDB_DATA_DIR:-$run_dir/data}
  mkdir -p "$data"
  data=$(cd "$data" && pwd)
  local log_file=$run_dir/ferretdb.log
  # Port 0 lets the kernel pick a free port, with no race; FerretDB logs the one it got.
  # --debug-addr=- : the default debug listener (127.0.0.1:8088) would clash with any other FerretDB.
  # synchronous=NORMAL: see FERRETDB_SQLITE_OPTIONS in src/db/embedded.ts.
  "$bin" --handler=sqlite --sqlite-url="file:$data/?_pragma=synchronous(normal)" --listen-addr="127.0.0.1:${FERRETDB_PORT:-0}" \
    --state-dir="$run_dir" --debug-addr=- --telemetry=disable </dev/null >"$log_file" 2>&1 &
  pid=$!
  printf '%s\n' "$pid" >"$pid_file"

  local port=''
  for _ in $(seq 300); do
    if ! running_pid >/dev/null; then
      tail -n 20 "$log_file" >&2 || true
      die "FerretDB exited during start (log above)"
    fi
    if [[ -z $port ]]; then
      port=$(grep -oE 'Listening on TCP 127\.0\.0\.1:[0-9]+' "$log_file" | head -n 1 | cut -d: -f2 || true)
    fi
    if [[ -n $port ]] && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      printf 'mongodb://127.0.0.1:%s/\n' "$port" | tee "$run_dir/uri"
      return
    fi
    sleep 0.1
  done
  stop_pid "$pid"
  tail -n 20 "$log_file" >&2 || true
  die "FerretDB did not accept connections within 30 s (log above)"
}

cmd_stop() {
  local pid
  if pid=$(running_pid); then
    stop_pid "$pid"
  else
    log "not running"
  fi
  # Only what `start` made; a FERRETDB_DATA_DIR outside the run directory is kept.
  rm -rf "$run_dir/data" "$run_dir/uri" "$run_dir/ferretdb.log" "$run_dir/state.json" "$pid_file"
  rmdir "$run_dir" 2>/dev/null || true
}

case ${1:-} in
build) cmd_build ;;
find) cmd_find ;;
start) cmd_start ;;
stop) cmd_stop ;;
*) die "usage: $0 build|find|start|stop" ;;
esac
