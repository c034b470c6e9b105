#!/usr/bin/env bash
# Measures every candidate member on the validation videos (the FaceForensics++ val split: no member trained on it)
# with `deepscan eval`, then fits each member's calibration and the ensemble weights (tools/train/fit_ensemble.py).
#   tools/train/fit_ensemble.sh [--write]      (--write puts them into models/manifest.json)
set -euo pipefail
cd "$(dirname "$0")/../.."
shared="$(cd .. && pwd)/shared"
work=.deepscan/train
mkdir -p "$work"
/usr/bin/python3 - "$shared/data/train/ffpp-c23" "$work/ffpp-val.csv" <<'PY'
import csv, os, sys
root, out = sys.argv[1], sys.argv[2]
with open(os.path.join(root, "labels.csv")) as f, open(out, "w", newline="") as g:
    w = csv.writer(g); w.writerow(["file", "label"])
    for r in csv.DictReader(f):
        if r["split"] == "val":
            w.writerow([os.path.join(root, r["file"]), r["label"]])
PY
# Every member is a candidate, enabled or not: a member an earlier fit disabled may earn its place back.
members=$(/usr/bin/python3 -c "import json; print(' '.join(m['name'] for m in json.load(open('models/manifest.json'))['members']))")
# shellcheck disable=SC2086
dotnet run -c Release --project src/Cli -- eval "$work/ffpp-val.csv" --json "$work/ffpp-val-eval.json" \
  $(printf -- '--members %s ' $members)
/usr/bin/python3 -m tools.train.fit_ensemble --eval-json "$work/ffpp-val-eval.json" "$@"
