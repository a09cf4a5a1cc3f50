#!/usr/bin/env bash
# Installs @tensorflow/tfjs-node (an optional peer of stylegrad) into this repo's node_modules, without
# touching package.json or package-lock.json, and checks that it computes a conv2d gradient on the
# 'tensorflow' backend.
#
#   bash scripts/install-tfjs-node.sh            # normal install; offline build if the download fails
#   bash scripts/install-tfjs-node.sh --offline  # skip the download attempt, build from the local wheel
#   bash scripts/install-tfjs-node.sh --if-wheel # CI: do nothing (exit 0) unless a local wheel exists
#
# 1. If a working tfjs-node is already installed, it says so and exits (a few seconds).
# 2. `npm install --no-save --save-peer --ignore-scripts @tensorflow/tfjs-node@4.22.0`, then the package's own
#    install script, which downloads libtensorflow 2.9.1 and the prebuilt addon. On a networked machine
#    that is all: the same as `npm install @tensorflow/tfjs-node`.
# 3. If that download cannot be reached (offline / air-gapped), it says so in one line (the URL and the network
#    error, from scripts/lib/summarise-download-log.sh) with the path of the kept log, then builds the native addon against the
#    libtensorflow inside a local TensorFlow CPU wheel (DESIGN.md §4): the wheel's
#    libtensorflow_cc.so.2 + libtensorflow_framework.so.2 go to deps/lib/ (with the libtensorflow.so /
#    .so.2.9.1 names the addon's binding.gyp and install script expect, as symlinks), the C API headers
#    to deps/include/, then node-gyp compiles the addon (~30 s on 2 cores; no download: node's headers
#    come from npm's `nodedir` or /usr/include/node).
#
# Environment: TFJS_NODE_TF_WHEEL=/path/to/tensorflow_cpu-*.whl picks the wheel (default: the first
# `tensorflow_cpu-2.21.0-*.whl` found under /opt, then anywhere on /). Exit status is non-zero on a real
# failure. `npm ci` / `npm install` remove the package again (it is not in package.json): re-run this.
set -euo pipefail
cd "$(dirname "$0")/.."

version=4.22.0
pkg=node_modules/@tensorflow/tfjs-node
mode=auto
case "${1:-}" in
  '') ;;
  --offline) mode=offline ;;
  --if-wheel) mode=if-wheel ;;
  *) echo "install-tfjs-node: unknown option '$1' (expected --offline or --if-wheel)" >&2; exit 2 ;;
esac

# shellcheck source=scripts/lib/summarise-download-log.sh
source scripts/lib/summarise-download-log.sh

say() { printf 'install-tfjs-node: %s\n' "$*"; }
fail() { printf 'install-tfjs-node: ERROR: %s\n' "$*" >&2; exit 1; }

# Loads tfjs-node from this repo and takes a conv2d input gradient on the 'tensorflow' backend.
check() {
  node -e "
    const tf = require('@tensorflow/tfjs-node');
    if (tf.getBackend() !== 'tensorflow') throw new Error('backend is ' + tf.getBackend());
    if (tf.version['tfjs-node'] !== '$version') throw new Error('tfjs-node ' + tf.version['tfjs-node']);
    const x = tf.ones([1, 5, 5, 2]), w = tf.ones([3, 3, 2, 1]);
    const g = tf.grad((a) => tf.conv2d(a, w, 1, 'same').sum())(x);
    // d/dx of the sum of a 3x3 all-ones 'same' conv: each pixel counts once per window covering it:
    // 4 at the corners, 6 on the edges, 9 inside; times 1 output channel.
    const v = Array.from(g.dataSync()).filter((_, i) => i % 2 === 0);
    const want = [4,6,6,6,4, 6,9,9,9,6, 6,9,9,9,6, 6,9,9,9,6, 4,6,6,6,4];
    if (v.some((e, i) => e !== want[i])) throw new Error('wrong conv2d gradient: ' + v.join(','));
  " >/dev/null 2>"${1:-/dev/null}"
}

find_wheel() {
  if [ -n "${TFJS_NODE_TF_WHEEL:-}" ]; then
    [ -f "$TFJS_NODE_TF_WHEEL" ] || fail "TFJS_NODE_TF_WHEEL=$TFJS_NODE_TF_WHEEL does not exist"
    echo "$TFJS_NODE_TF_WHEEL"
    return
  fi
  local w
  w=$(find /opt -name 'tensorflow_cpu-2.21.0-*.whl' -print -quit 2>/dev/null || true)
  [ -n "$w" ] || w=$(find / -path /proc -prune -o -name 'tensorflow_cpu-2.21.0-*.whl' -print -quit 2>/dev/null || true)
  echo "$w"
}

start=$(date +%s)
if [ -d "$pkg" ] && check; then
  say "tfjs-node $version already works here (backend 'tensorflow'); nothing to do."
  exit 0
fi

wheel=""
if [ "$mode" != auto ]; then
  wheel=$(find_wheel)
  if [ -z "$wheel" ]; then
    [ "$mode" = if-wheel ] && { say "no local TensorFlow CPU 2.21 wheel; skipping (tests use wasm)."; exit 0; }
    fail "--offline needs a TensorFlow CPU wheel: none found; set TFJS_NODE_TF_WHEEL=/path/to/tensorflow_cpu-2.21.0-*.whl"
  fi
  # With a local wheel in CI mode, still try the normal download first: it is the supported path.
  [ "$mode" = if-wheel ] && mode=auto
fi

# package.json declares tfjs-node an optional peer, and npm skips optional peers unless the request
# is treated as one: --save-peer does that, --no-save keeps package.json and package-lock.json as they are.
say "npm install --no-save --save-peer --ignore-scripts @tensorflow/tfjs-node@$version"
npm install --no-save --save-peer --ignore-scripts --no-audit --no-fund "@tensorflow/tfjs-node@$version" \
  || fail "npm could not install @tensorflow/tfjs-node@$version from the registry"
[ -f "$pkg/binding.gyp" ] || fail "$pkg/binding.gyp missing after npm install"
if [ -d "$pkg/node_modules/@tensorflow/tfjs-core" ]; then
  fail "npm nested a second @tensorflow/tfjs-core under $pkg: align the repo's tfjs-core with $version"
fi

if [ "$mode" = auto ]; then
  say "running tfjs-node's own install script (downloads libtensorflow and the prebuilt addon)"
  # The log is kept when the download fails (its stack trace is noise on the terminal, but evidence).
  download_log="${TMPDIR:-/tmp}/install-tfjs-node.$$.log"
  if (cd "$pkg" && timeout 600 node scripts/install.js) >"$download_log" 2>&1; then
    if check; then
      rm -f "$download_log"
      say "done: tfjs-node $version installed normally in $(($(date +%s) - start)) s."
      exit 0
    fi
    say "tfjs-node's own install finished, but its addon does not compute a conv2d gradient (install log: $download_log)."
  else
    status=$?
    say "$(summarise_download_log "$download_log" "$status"); full log: $download_log"
  fi
  say "building against a local TensorFlow wheel instead."
  [ -n "$wheel" ] || wheel=$(find_wheel)
  [ -n "$wheel" ] || fail "offline and no TensorFlow CPU 2.21 wheel found (set TFJS_NODE_TF_WHEEL); cannot build tfjs-node"
fi

say "using $wheel"
command -v unzip >/dev/null || fail "unzip is needed (apt-get install unzip)"
command -v make >/dev/null && command -v g++ >/dev/null || fail "make and g++ are needed to build the addon (apt-get install build-essential)"
deps="$pkg/deps"
rm -rf "$deps" "$pkg/build" "$pkg/lib"
mkdir -p "$deps/lib" "$deps/include"

# The shared libraries: the wheel's C API lives in libtensorflow_cc.so.2 (SONAME libtensorflow_cc.so.2,
# RUNPATH $ORIGIN, so it finds libtensorflow_framework.so.2 beside it). binding.gyp links
# -ltensorflow -ltensorflow_framework (so the linker wants libtensorflow.so and
# libtensorflow_framework.so); tfjs-node's install script looks for libtensorflow.so.2.9.1.
say "unpacking libtensorflow_cc.so.2 and libtensorflow_framework.so.2 (~850 MB) into $deps/lib"
unzip -q -o -j "$wheel" tensorflow/libtensorflow_cc.so.2 tensorflow/libtensorflow_framework.so.2 -d "$deps/lib" \
  || fail "could not unpack the libraries from $wheel"
(
  cd "$deps/lib"
  ln -sf libtensorflow_cc.so.2 libtensorflow.so
  ln -sf libtensorflow_cc.so.2 libtensorflow.so.2.9.1
  ln -sf libtensorflow_framework.so.2 libtensorflow_framework.so
  ln -sf libtensorflow_framework.so.2 libtensorflow_framework.so.2.9.1
)

# The C API headers the binding includes (tensorflow/c/c_api.h, eager/c_api.h) and what they include.
say "unpacking the C API headers into $deps/include"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unzip -q -o "$wheel" 'tensorflow/include/tensorflow/c/*' 'tensorflow/include/tensorflow/core/platform/*' \
  'tensorflow/include/tsl/platform/*' 'tensorflow/include/xla/tsl/c/*' -d "$tmp" \
  || fail "could not unpack the C headers from $wheel"
cp -r "$tmp/tensorflow/include/." "$deps/include/"

# Build the addon where tfjs-node looks for it (node-pre-gyp's path for this Node's N-API version).
binding=$(cd "$pkg" && node -e "console.log(require('@mapbox/node-pre-gyp').find(require('path').resolve('package.json')))")
napi=$(basename "$(dirname "$binding")")
napi=${napi#napi-v}
gyp="$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js"
[ -f "$gyp" ] || fail "npm's bundled node-gyp not found at $gyp"
nodedir=$(npm config get nodedir 2>/dev/null || true)
if { [ -z "$nodedir" ] || [ "$nodedir" = undefined ] || [ "$nodedir" = null ]; } && [ -f /usr/include/node/node_api.h ]; then
  nodedir=/usr
fi
gyp_args=(rebuild --jobs=max --module_name=tfjs_binding "--module_path=$(dirname "$binding")" "--napi_build_version=$napi")
if [ -n "$nodedir" ] && [ "$nodedir" != undefined ] && [ "$nodedir" != null ]; then gyp_args+=("--nodedir=$nodedir"); fi
say "compiling the addon with node-gyp (N-API $napi) -> ${binding#"$PWD/"}"
log="$tmp/node-gyp.log"
(cd "$pkg" && node "$gyp" "${gyp_args[@]}") >"$log" 2>&1 || { tail -n 30 "$log" >&2; fail "node-gyp could not build the addon"; }

if ! check "$tmp/check.log"; then
  tail -n 20 "$tmp/check.log" >&2
  fail "the addon built, but tfjs-node does not compute a conv2d gradient"
fi
say "done: tfjs-node $version built against $(basename "$wheel") in $(($(date +%s) - start)) s; backend 'tensorflow' works."
