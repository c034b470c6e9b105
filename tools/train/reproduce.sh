#!/usr/bin/env bash
# Reproduces the resnet18-sbi member from scratch on a CPU machine and prints the time it took:
#   1. `deepscan crops` cuts the FaceForensics++ training videos into the face crops the engine scores;
#   2. tools/train/train.py trains and exports the model (the shipped recipe: --crop-margin 0.15 --patience 6;
#      see its docstring);
#   3. tools/train/quantize.py makes the int8 copy the CPU runs (--int8-stem --reduce-range: see its docstring);
#   4. both models, their reference outputs and the training log go to models/resnet18-sbi/, and setup installs them.
# Then run tools/train/fit_ensemble.sh to measure every member on the validation videos and set the weights.
#
#   tools/train/reproduce.sh [WORK_DIR] [extra train.py flags]   (WORK_DIR default .deepscan/train)
set -euo pipefail
cd "$(dirname "$0")/../.."
started=$(date +%s)
work="${1:-.deepscan/train}"; shift || true
shared="$(cd .. && pwd)/shared"
crops="$work/crops-ffpp"

dotnet build src/Cli -c Release -v q --nologo
if [ ! -f "$crops/labels.csv" ]; then
  dotnet run -c Release --no-build --project src/Cli -- crops "$shared/data/train/ffpp-c23/labels.csv" \
    --out "$crops" --frames 48
fi
/usr/bin/python3 -m tools.train.train --crops "$crops" --shared "$shared" --out "$work/model" --crop-margin 0.15 --patience 6 "$@"

/usr/bin/python3 -m tools.train.quantize --model "$work/model/resnet18_sbi.onnx" --crops "$crops" \
  --out "$work/model/resnet18_sbi.int8.onnx" --int8-stem --reduce-range --reference "$work/model/reference.int8.json"

mkdir -p models/resnet18-sbi
cp "$work/model/resnet18_sbi.onnx" "$work/model/reference.json" "$work/model/training.json" \
  "$work/model/resnet18_sbi.int8.onnx" "$work/model/reference.int8.json" models/resnet18-sbi/
for model in resnet18_sbi.onnx resnet18_sbi.int8.onnx; do
  echo "sha256 of $model $(sha256sum "models/resnet18-sbi/$model" | cut -d' ' -f1): put it in models/manifest.json"
done
echo "reproduced in $(( ($(date +%s) - started) / 60 )) min $(( ($(date +%s) - started) % 60 )) s"
