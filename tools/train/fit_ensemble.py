#!/usr/bin/env python3
"""Sets each ensemble member's calibration and weight from validation videos, not from face-crop accuracy.

    /usr/bin/python3 -m tools.train.fit_ensemble --videos VAL.json [--crops CROPS.json --crop-labels CROPS.csv]
                                                 [--manifest models/manifest.json] [--write]

VAL.json is `deepscan eval --json` over validation videos, CROPS.json the same over validation face crops whose
labels file CROPS.csv has a `video` column; both are scored with the members' calibration switched off, so what is
fitted here is the manifest's calibration of the raw logit. tools/train/fit_ensemble.sh makes them: the
FaceForensics++ val split and the held-out MesoNet-set videos, the validation that picks train.py's epoch. No member
is measured on a set it trained on: the MesoNet members trained on the MesoNet set, so its crops measure the others.
Each set counts as much as the other, and fakes as much as reals within each: the FF++ split is 23 fakes to 11
reals, and FF++ fakes are the ones the member scores most confidently, so a fit on them alone set an offset that
called most other fakes real.

For each member, a calibration p' = sigmoid(a * logit(p) + b) is fitted on its video-level scores, so that every
member speaks the same probability scale. Its kind (none, a temperature a alone, or Platt's a and b) is chosen by how
well it carries from one validation set to another: fitted on all sets but one and measured on the one left out, in
turn. The product meets sources it never saw, and a member's offset differs by source (it scores FF++ fakes far more
confidently than others), so an offset fitted on some sources can cost more on a new one than it gains on them. A
member that only one set measures gets Platt's, as there is no transfer to measure. Then the weight schemes below are
compared by leave-one-video-out log-loss of the weighted mean of calibrated probabilities (the product's per-face
formula, applied to video scores), and the best one is kept:
- `equal`: every member the same weight;
- `auc`: weight = max(0, AUC - 0.5), so a member at chance gets none;
- `stacking`: non-negative logistic-regression coefficients over the calibrated logits, normalised;
- `best`: the single best member alone.
A member left with weight 0 is disabled, so it costs nothing per face; `deepscan eval --members` still measures it.
"""
import argparse
import csv
import json
import sys
from dataclasses import dataclass

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


def platt(scores, labels, weights):
    """(a, b) of p' = sigmoid(a*logit(p) + b) fitted by regularised logistic regression with these sample weights;
    a >= 0 is enforced by falling back to the identity when the member ranks videos the wrong way round (it then gets
    weight 0 anyway)."""
    model = LogisticRegression(C=PLATT_C).fit(logit(scores)[:, None], labels, sample_weight=weights)
    a, b = float(model.coef_[0, 0]), float(model.intercept_[0])
    return (a, b) if a > 0 else (1.0, 0.0)


# The calibration kinds, from no change to Platt's two parameters.
CALIBRATIONS = ("identity", "temperature", "platt")


def fit_calibration(kind, scores, labels, weights):
    """(a, b) of a calibration of this kind: the identity (1, 0), a temperature (a, 0) fitted without an offset, or
    Platt's (a, b)."""
    if kind == "identity":
        return 1.0, 0.0
    if kind == "temperature":
        model = LogisticRegression(C=PLATT_C, fit_intercept=False).fit(
            logit(scores)[:, None], labels, sample_weight=weights)
        a = float(model.coef_[0, 0])
        return (a, 0.0) if a > 0 else (1.0, 0.0)
    if kind == "platt":
        return platt(scores, labels, weights)
    raise ValueError(kind)


def calibrate(scores, ab):
    return sigmoid(ab[0] * logit(scores) + ab[1])


def balanced_weights(groups):
    """A weight per item such that every group (a set's fakes, a set's reals) weighs the same in total, and the
    weights sum to the number of items."""
    groups = np.asarray(groups)
    kinds, counts = np.unique(groups, return_counts=True)
    per_item = {k: len(groups) / (len(kinds) * c) for k, c in zip(kinds, counts)}
    return np.array([per_item[g] for g in groups])


@dataclass
class ValidationSet:
    """One validation set's videos: labels (1 = fake) and the video scores of each member it can measure."""
    name: str
    labels: np.ndarray
    scores: dict

    def groups(self):
        """Each video's group in the fit (this set's fakes or this set's reals), for balanced_weights."""
        return [f"{self.name}:{int(y)}" for y in self.labels]


@dataclass
class Pooled:
    """A member's video scores over every set that measures it, with their labels and fit weights."""
    scores: np.ndarray
    labels: np.ndarray
    weights: np.ndarray


def pool(sets, name, leave_out=None):
    """`name`'s scores over the sets that measure it, without the video `leave_out` ((set name, index))."""
    scores, labels, groups = [], [], []
    for s in sets:
        if name not in s.scores:
            continue
        for i, (y, p, g) in enumerate(zip(s.labels, s.scores[name], s.groups())):
            if (s.name, i) != leave_out:
                scores.append(p), labels.append(y), groups.append(g)
    return Pooled(np.array(scores), np.array(labels), balanced_weights(groups))


def fit_calibrations(sets, names, leave_out=None, kinds=None):
    """Each member's calibration of its kind (`kinds`, Platt's by default) fitted on every set that measures it, sets
    and classes weighed equally."""
    fitted = {}
    for n in names:
        pooled = pool(sets, n, leave_out)
        fitted[n] = fit_calibration((kinds or {}).get(n, "platt"), pooled.scores, pooled.labels, pooled.weights)
    return fitted


def transfer_loss(kind, sets, name):
    """How well a calibration of this kind carries to a source it was not fitted on: the mean, over the sets that
    measure `name`, of its log-loss on that set (classes weighing the same) when fitted on the others."""
    measured = [s for s in sets if name in s.scores]
    losses = []
    for held_out in measured:
        rest = pool([s for s in measured if s is not held_out], name)
        ab = fit_calibration(kind, rest.scores, rest.labels, rest.weights)
        losses.append(log_loss(calibrate(held_out.scores[name], ab), held_out.labels,
                               weights=balanced_weights(held_out.groups())))
    return float(np.mean(losses))


def choose_calibrations(sets, names):
    """Each member's calibration kind and the transfer losses it was chosen by: the kind with the lowest
    transfer_loss where two or more sets measure the member, Platt's (and no losses) where one set does."""
    kinds, losses = {}, {}
    for n in names:
        if sum(n in s.scores for s in sets) < 2:
            kinds[n], losses[n] = "platt", {}
            continue
        losses[n] = {kind: transfer_loss(kind, sets, n) for kind in CALIBRATIONS}
        kinds[n] = min(CALIBRATIONS, key=lambda kind: losses[n][kind])
    return kinds, losses


def weights_for(scheme, calibrated, labels, sample_weights, names):
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
        coef = LogisticRegression(C=PLATT_C).fit(x, labels, sample_weight=sample_weights).coef_[0]
        return {n: max(0.0, float(c)) for n, c in zip(names, coef)}
    raise ValueError(scheme)


def combine(calibrated, weights):
    total = sum(weights.values())
    if total <= 0:
        return np.full(len(next(iter(calibrated.values()))), 0.5)
    return sum(weights[n] * calibrated[n] for n in weights) / total


def common_videos(sets, names):
    """The videos every member was scored on, pooled with their fit weights: where the weight schemes compete."""
    common = [s for s in sets if all(n in s.scores for n in names)]
    if not common:
        raise SystemExit("no validation set scores every member")
    labels = np.concatenate([s.labels for s in common])
    groups = [g for s in common for g in s.groups()]
    scores = {n: np.concatenate([s.scores[n] for s in common]) for n in names}
    keys = [(s.name, i) for s in common for i in range(len(s.labels))]
    return scores, labels, balanced_weights(groups), keys


def leave_one_out(scheme, sets, names, kinds=None):
    """Each common video's ensemble probability with calibrations (of `kinds`) and weights fitted on all other
    videos."""
    scores, labels, weights, keys = common_videos(sets, names)
    out = np.zeros(len(labels))
    for i, key in enumerate(keys):
        keep = np.arange(len(labels)) != i
        cal = fit_calibrations(sets, names, leave_out=key, kinds=kinds)
        calibrated = {n: calibrate(scores[n][keep], cal[n]) for n in names}
        w = weights_for(scheme, calibrated, labels[keep], weights[keep], names)
        out[i] = combine({n: calibrate(scores[n][i:i + 1], cal[n]) for n in names}, w)[0]
    return out, labels, weights


def scored_items(eval_json):
    """The scored items of a `deepscan eval --json` file and the names of the members that scored any of them."""
    with open(eval_json) as f:
        items = [s for s in json.load(f)["scores"] if s["outcome"] == "scored"]
    return items, sorted({n for s in items for n, v in s["members"].items() if v is not None})


def read_videos(eval_json, name):
    """A validation set of videos from `deepscan eval --json`: the scored videos every member it ran scored."""
    items, names = scored_items(eval_json)
    items = [s for s in items if all(s["members"].get(n) is not None for n in names)]
    labels = np.array([1.0 if s["isFake"] else 0.0 for s in items])
    return ValidationSet(name, labels, {n: np.array([s["members"][n] for s in items]) for n in names})


def trimmed_mean(probabilities):
    """The product's default per-video aggregate (TrimmedMeanAggregator): with 12 or more faces, the 5 lowest and 5
    highest are dropped before the mean."""
    p = np.sort(np.asarray(probabilities, float))
    return float(p[5:-5].mean() if len(p) >= 12 else p.mean())


def read_crop_videos(eval_json, labels_csv, name):
    """A validation set of videos from `deepscan eval --json` over face crops: the crops of each video (the labels
    file's `video` column) are aggregated as a scan aggregates a video's faces."""
    with open(labels_csv, newline="") as f:
        video_of = {r["file"]: r["video"] for r in csv.DictReader(f)}
    items, names = scored_items(eval_json)
    videos = {}
    for s in items:
        label, faces = videos.setdefault(video_of[s["file"]], (1.0 if s["isFake"] else 0.0, []))
        faces.append(s["members"])
    # Each member's scored crops per video; as in read_videos, only the videos every member scored are kept.
    by_video = [(label, {n: [m[n] for m in faces if m.get(n) is not None] for n in names})
                for label, faces in videos.values()]
    by_video = [(label, scored) for label, scored in by_video if all(scored.values())]
    labels = np.array([label for label, _ in by_video])
    scores = {n: np.array([trimmed_mean(scored[n]) for _, scored in by_video]) for n in names}
    return ValidationSet(name, labels, scores)


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
            a, b = calibration[name]
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
    parser.add_argument("--videos", required=True, help="deepscan eval --json over validation videos")
    parser.add_argument("--crops", help="deepscan eval --json over validation face crops (needs --crop-labels)")
    parser.add_argument("--crop-labels", help="the crops' labels CSV, with a video column")
    parser.add_argument("--manifest", default="models/manifest.json")
    parser.add_argument("--write", action="store_true", help="write calibration and weights into the manifest")
    args = parser.parse_args(argv)
    sets = [read_videos(args.videos, "videos")]
    if args.crops:
        if not args.crop_labels:
            parser.error("--crops needs --crop-labels")
        sets.append(read_crop_videos(args.crops, args.crop_labels, "crops"))
    names = sorted({n for s in sets for n in s.scores})
    for s in sets:
        print(f"{s.name}: {len(s.labels)} validation videos ({int(s.labels.sum())} fake)")
        for n in sorted(s.scores):
            print(f"  {n:18s} AUC {auc(s.scores[n], s.labels):.3f}  log-loss {log_loss(s.scores[n], s.labels):.3f}")
    kinds, losses = choose_calibrations(sets, names)
    for n in names:
        measured = ", ".join(f"{kind} {loss:.3f}" for kind, loss in losses[n].items()) or "one set: no transfer to measure"
        print(f"  calibration of {n:18s} {kinds[n]:11s} (leave-one-set-out log-loss: {measured})")
    results = {}
    for scheme in ("equal", "auc", "stacking", "best"):
        p, labels, weights = leave_one_out(scheme, sets, names, kinds)
        results[scheme] = (log_loss(p, labels, weights=weights), auc(p, labels))
        print(f"  scheme {scheme:9s} leave-one-video-out log-loss {results[scheme][0]:.3f}  AUC {results[scheme][1]:.3f}")
    chosen = min(results, key=lambda s: results[s][0])
    calibration = fit_calibrations(sets, names, kinds=kinds)
    scores, labels, sample_weights, _ = common_videos(sets, names)
    calibrated = {n: calibrate(scores[n], calibration[n]) for n in names}
    weights = weights_for(chosen, calibrated, labels, sample_weights, names)
    total = sum(weights.values())
    weights = {n: w / total for n, w in weights.items()}
    print(f"chosen: {chosen}; " + ", ".join(
        f"{n} w={weights[n]:.3f} a={calibration[n][0]:.4f} b={calibration[n][1]:.4f}" for n in names)
        + " (the manifest's calibration of each raw logit)")
    if args.write:
        write_manifest(args.manifest, calibration, weights)
        print(f"wrote {args.manifest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
