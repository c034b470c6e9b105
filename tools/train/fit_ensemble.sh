#!/usr/bin/env bash
# Measures every candidate member, uncalibrated, on the validation videos with `deepscan eval`, then fits each
# member's calibration and the ensemble weights (tools/train/fit_ensemble.py). Validation is what picks train.py's
# epoch: the FaceForensics++ val split (videos) and the held-out MesoNet-set videos (face crops, train.py's split),
# neither of them trained on.
#   tools/train/fit_ensemble.sh [--write]      (--write puts them into models/manifest.json)
set -euo pipefail
cd "$(dirname "$0")/../.."
shared="$(cd .. && pwd)/shared"
work=.deepscan/train
mkdir -p "$work"
/usr/bin/python3 - "$shared" "$work" <<'PY'
import csv, json, os, sys
from tools.train import sources
shared, work = sys.argv[1:]
root = os.path.join(shared, "data/train/ffpp-c23")
with open(os.path.join(root, "labels.csv")) as f, open(os.path.join(work, "ffpp-val.csv"), "w", newline="") as g:
    w = csv.writer(g); w.writerow(["file", "label"])
    for r in csv.DictReader(f):
        if r["split"] == "val":
            w.writerow([os.path.join(root, r["file"]), r["label"]])
with open(os.path.join(work, "mesonet-val.csv"), "w", newline="") as g:
    w = csv.writer(g); w.writerow(["file", "label", "video"])
    for c in sources.mesonet_crops(os.path.join(shared, "data/train/mesonet-set")):
        if c.split == "val":
            w.writerow([c.path, "FAKE" if c.fake else "REAL", c.video])
# The fit needs each member's raw probabilities: a calibration applied per face before the video's aggregate does not
# compose exactly with one fitted on top of it.
manifest = json.load(open("models/manifest.json"))
for m in manifest["members"]:
    m.pop("calibration", None)
json.dump(manifest, open(os.path.join(work, "manifest-uncalibrated.json"), "w"), indent=1)
PY
# Every member is a candidate, enabled or not: a member an earlier fit disabled may earn its place back. The MesoNet
# members were trained on the MesoNet set (../shared/README.md), so its crops measure only the others.
read -r all others < <(/usr/bin/python3 -c "
import json
ms = json.load(open('models/manifest.json'))['members']
mesonet = [m['name'] for m in ms if any(d.startswith('Meso') for d in m.get('derivedFrom', []))]
print(','.join(m['name'] for m in ms), ','.join(m['name'] for m in ms if m['name'] not in mesonet))")
export DEEPSCAN_MANIFEST="$work/manifest-uncalibrated.json"
dotnet run -c Release --project src/Cli -- eval "$work/ffpp-val.csv" --json "$work/ffpp-val-eval.json" \
  $(printf -- '--members %s ' ${all//,/ })
dotnet run -c Release --no-build --project src/Cli -- eval "$work/mesonet-val.csv" --json "$work/mesonet-val-eval.json" \
  $(printf -- '--members %s ' ${others//,/ })
/usr/bin/python3 -m tools.train.fit_ensemble --videos "$work/ffpp-val-eval.json" \
  --crops "$work/mesonet-val-eval.json" --crop-labels "$work/mesonet-val.csv" "$@"
