#!/usr/bin/env python3
"""Sets each ensemble member's calibration and weight from validation videos, not from face-crop accuracy.

    /usr/bin/python3 -m tools.train.fit_ensemble --eval-json VAL.json [--manifest models/manifest.json] [--write]

VAL.json is `deepscan eval --json` over the validation videos (tools/train/fit_ensemble.sh makes it: the
FaceForensics++ val split, which no member trained on). For each member, a Platt calibration is fitted on its
video-level scores: p' = sigmoid(a * logit(p) + b), so that every member speaks the same probability scale. Then the
weight schemes below are compared by leave-one-video-out log-loss of the weighted mean of calibrated probabilities
(the product's per-face formula, applied to video scores), and the best one is kept:
- `equal`: every member the same weight;
- `auc`: weight = max(0, AUC - 0.5), so a member at chance gets none;
- `stacking`: non-negative logistic-regression coefficients over the calibrated logits, normalised;
- `best`: the single best member alone.
A member left with weight 0 is disabled, so it costs nothing per face; `deepscan eval --members` still measures it.
"""
import argparse
import json
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression

from .metrics import auc, log_loss

EPS = 1e-4
# Platt's fit on a few dozen videos needs shrinkage: C is the inverse L2 strength on (a, b).
PLATT_C = 1.0


def logit(p):
    p = np.clip(np.asarray(p, float), EPS, 1 - EPS)
    return np.log(p / (1 - p))


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def platt(scores, labels):
    """(a, b) of p' = sigmoid(a*logit(p) + b) fitted by regularised logistic regression; a >= 0 is enforced by
    falling back to the identity when the member ranks videos the wrong way round (it then gets weight 0 anyway).
    Fakes and reals weigh the same in the fit: the validation split's own share of fakes (23 of 34) is not the share
    of uploads, and an unweighted fit would move every probability towards it (b > 0)."""
    model = LogisticRegression(C=PLATT_C, class_weight="balanced").fit(logit(scores)[:, None], labels)
    a, b = float(model.coef_[0, 0]), float(model.intercept_[0])
    return (a, b) if a > 0 else (1.0, 0.0)


def calibrate(scores, ab):
    return sigmoid(ab[0] * logit(scores) + ab[1])


def weights_for(scheme, calibrated, labels, names):
    if scheme == "equal":
        return {n: 1.0 for n in names}
    aucs = {n: auc(calibrated[n], labels) for n in names}
    if scheme == "auc":
        return {n: max(0.0, aucs[n] - 0.5) for n in names}
    if scheme == "best":
        best = max(names, key=lambda n: aucs[n])
        return {n: float(n == best) for n in names}
    if scheme == "stacking":
        x = np.stack([logit(calibrated[n]) for n in names], axis=1)
        coef = LogisticRegression(C=PLATT_C).fit(x, labels).coef_[0]
        return {n: max(0.0, float(c)) for n, c in zip(names, coef)}
    raise ValueError(scheme)


def combine(calibrated, weights):
    total = sum(weights.values())
    if total <= 0:
        return np.full(len(next(iter(calibrated.values()))), 0.5)
    return sum(weights[n] * calibrated[n] for n in weights) / total


def leave_one_out(scheme, scores, labels, names):
    """Each video's ensemble probability with calibration and weights fitted on all other videos."""
    out = np.zeros(len(labels))
    for i in range(len(labels)):
        keep = np.arange(len(labels)) != i
        cal = {n: platt(scores[n][keep], labels[keep]) for n in names}
        calibrated = {n: calibrate(scores[n][keep], cal[n]) for n in names}
        w = weights_for(scheme, calibrated, labels[keep], names)
        out[i] = combine({n: calibrate(scores[n][i:i + 1], cal[n]) for n in names}, w)[0]
    return out


def read_scores(eval_json):
    with open(eval_json) as f:
        result = json.load(f)
    items = [s for s in result["scores"] if s["outcome"] == "scored"]
    names = sorted({n for s in items for n, v in s["members"].items() if v is not None})
    items = [s for s in items if all(s["members"].get(n) is not None for n in names)]
    labels = np.array([1.0 if s["isFake"] else 0.0 for s in items])
    scores = {n: np.array([s["members"][n] for s in items]) for n in names}
    return names, scores, labels


def compose(current, fitted):
    """The calibration of a member's raw logit, (a, b): `fitted` was fitted on the scores that `eval` reported, which
    the manifest's `current` calibration (or none) had already applied: a*(a0*z + b0) + b."""
    a, b = fitted
    if not current:
        return a, b
    return a * current["a"], a * current["b"] + b


def current_calibrations(path):
    with open(path) as f:
        return {m["name"]: m.get("calibration") for m in json.load(f)["members"]}


def write_manifest(path, calibration, weights):
    with open(path) as f:
        text = f.read()
    manifest = json.loads(text)
    for member in manifest["members"]:
        name = member["name"]
        if name in weights:
            member["weight"] = round(weights[name], 4)
            # A member validation gives no weight would still cost its inference on every face: switch it off
            # (`--members` still runs it for measuring).
            member["enabled"] = weights[name] > 0
            a, b = compose(member.get("calibration"), calibration[name])
            member["calibration"] = {"method": "platt", "a": round(a, 4), "b": round(b, 4)}
    with open(path, "w") as f:
        f.write(format_manifest(manifest))


def format_manifest(manifest):
    """The manifest's JSON with one entry per line, as it is written by hand."""
    lines = ["{", f'  "schemaVersion": {manifest["schemaVersion"]},']
    keys = [k for k in manifest if k != "schemaVersion"]
    for i, key in enumerate(keys):
        value = manifest[key]
        comma = "," if i < len(keys) - 1 else ""
        if isinstance(value, list):
            lines.append(f'  "{key}": [')
            lines += [f"    {{ {json.dumps(v)[1:-1]} }}{',' if j < len(value) - 1 else ''}" for j, v in enumerate(value)]
            lines.append(f"  ]{comma}")
        else:
            lines.append(f'  "{key}": {json.dumps(value)}{comma}')
    return "\n".join(lines + ["}"]) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-json", required=True)
    parser.add_argument("--manifest", default="models/manifest.json")
    parser.add_argument("--write", action="store_true", help="write calibration and weights into the manifest")
    args = parser.parse_args(argv)
    names, scores, labels = read_scores(args.eval_json)
    print(f"{len(labels)} validation videos ({int(labels.sum())} fake); members: {', '.join(names)}")
    for n in names:
        print(f"  {n:18s} AUC {auc(scores[n], labels):.3f}  log-loss {log_loss(scores[n], labels):.3f}")
    results = {}
    for scheme in ("equal", "auc", "stacking", "best"):
        p = leave_one_out(scheme, scores, labels, names)
        results[scheme] = (log_loss(p, labels), auc(p, labels))
        print(f"  scheme {scheme:9s} leave-one-video-out log-loss {results[scheme][0]:.3f}  AUC {results[scheme][1]:.3f}")
    chosen = min(results, key=lambda s: results[s][0])
    calibration = {n: platt(scores[n], labels) for n in names}
    calibrated = {n: calibrate(scores[n], calibration[n]) for n in names}
    weights = weights_for(chosen, calibrated, labels, names)
    total = sum(weights.values())
    weights = {n: w / total for n, w in weights.items()}
    # The manifest's a and b act on the raw logit: what is fitted here composes with what `eval` already applied.
    current = current_calibrations(args.manifest)
    raw = {n: compose(current.get(n), calibration[n]) for n in names}
    print(f"chosen: {chosen}; " + ", ".join(
        f"{n} w={weights[n]:.3f} a={raw[n][0]:.4f} b={raw[n][1]:.4f}" for n in names)
        + " (the manifest's calibration of each raw logit)")
    if args.write:
        write_manifest(args.manifest, calibration, weights)
        print(f"wrote {args.manifest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
