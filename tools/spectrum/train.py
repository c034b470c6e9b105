#!/usr/bin/env python3
"""Trains the spectrum ensemble member and writes it as JSON for the C# engine (SpectrumClassifier).

Sources, each split 80/20 stratified with a fixed seed:
  ffpp     <data-dir>/spectrum/ffpp_spectrum_300.csv: 1000 precomputed FaceForensics++ features (label, f0..f299)
  faces    <data-dir>/faces/labels.csv + images: features computed here with features.py
Candidates: the seeds' SVC(C=6.37, kernel='rbf', gamma=0.86, probability=True) and a standardised
LogisticRegression; the one with the better combined validation accuracy (then AUC) is saved, trained on the
training rows only, so the figures in the JSON describe the saved model.

Idempotent: the output records a hash of its inputs (data, this code, library versions, options); when the
hash matches, nothing is done. A missing data directory is not an error: training uses what exists and says so.
"""
import argparse
import hashlib
import importlib.metadata
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import face_images  # noqa: E402
import model_json  # noqa: E402

SOURCES_CODE = ("features.py", "face_images.py", "model_json.py", "training.py", "train.py")
LIBRARIES = ("numpy", "scipy", "scikit-learn")
DEFAULT_FILE = "spectrum/spectrum.json"
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def member_file(manifest_path):
    with open(manifest_path) as f:
        manifest = json.load(f)
    for member in manifest.get("members", []):
        if member.get("kind") == "spectrum":
            return member["file"]
    return DEFAULT_FILE


def source_paths(data_dir):
    """The data files each source reads, or None when the source is absent."""
    csv_path = os.path.join(data_dir, "spectrum", "ffpp_spectrum_300.csv")
    faces_dir = os.path.join(data_dir, "faces")
    return {
        "ffpp": csv_path if os.path.isfile(csv_path) else None,
        "faces": faces_dir if os.path.isfile(os.path.join(faces_dir, "labels.csv")) else None,
    }


def input_hash(paths, kind):
    h = hashlib.sha256()
    for name in SOURCES_CODE:
        with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), name), "rb") as f:
            h.update(f.read())
    h.update(" ".join(f"{lib} {importlib.metadata.version(lib)}" for lib in LIBRARIES).encode())
    h.update(f"kind {kind}".encode())
    files = []
    if paths["ffpp"]:
        files.append(paths["ffpp"])
    if paths["faces"]:
        files.append(os.path.join(paths["faces"], "labels.csv"))
        files += [os.path.join(paths["faces"], rel) for rel, _ in face_images.read_labels(paths["faces"])]
    for path in files:
        h.update(os.path.basename(path).encode())
        with open(path, "rb") as f:
            h.update(hashlib.sha256(f.read()).digest())
    return h.hexdigest()


def write_atomically(path, document):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(document, f, separators=(",", ":"))
    os.replace(tmp, path)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manifest", default=os.path.join(REPO, "models", "manifest.json"))
    parser.add_argument("--model-dir", required=True)
    parser.add_argument("--data-dir", default=os.path.join(REPO, "..", "shared", "data"))
    parser.add_argument("--kind", choices=("auto",) + model_json.KINDS, default="auto",
                        help="save this candidate instead of the better one")
    args = parser.parse_args(argv)

    output = os.path.join(args.model_dir, member_file(args.manifest))
    paths = source_paths(args.data_dir)
    missing = [name for name, path in paths.items() if path is None]
    if len(missing) == len(paths):
        kept = "keeping the existing model" if os.path.exists(output) else "no spectrum model is built"
        print(f"spectrum: no training data under {args.data_dir} (pass --data-dir); {kept}")
        return 0
    if missing:
        print(f"spectrum: source(s) {', '.join(missing)} not found under {args.data_dir}; training on the rest")

    digest = input_hash(paths, args.kind)
    if os.path.exists(output):
        try:
            with open(output) as f:
                if json.load(f).get("training", {}).get("inputHash") == digest:
                    print(f"spectrum: {output} is up to date")
                    return 0
        except (OSError, ValueError):
            pass

    import training  # sklearn takes a second or two to import: only when there is work to do

    document = training.train(paths, args.data_dir, args.kind)
    document["training"]["inputHash"] = digest
    write_atomically(output, document)
    v = document["validation"]
    print(f"spectrum: saved {document['kind']} to {output} (validation accuracy {v['accuracy']:.3f}, "
          f"AUC {training.number(v['auc'])}, {document['training']['seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
