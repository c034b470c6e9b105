"""Decodes labelled face crops to RGB arrays with ffmpeg, the decoder the engine uses at run time.

One ffmpeg process decodes a batch of images to PPM files (P6: a width/height header, then packed RGB24),
which is the same pixel path as `-f rawvideo -pix_fmt rgb24` and much faster than a process per image.
"""
import csv
import os
import re
import subprocess
import tempfile

import numpy as np

BATCH = 64
_PPM_HEADER = re.compile(rb"P6\s+(\d+)\s+(\d+)\s+255\s")


def read_labels(faces_dir):
    """(relative path, is_fake) for every row of <faces_dir>/labels.csv."""
    with open(os.path.join(faces_dir, "labels.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    labels = []
    for row in rows:
        label = row["label"].strip().upper()
        if label not in ("REAL", "FAKE"):
            raise ValueError(f"{faces_dir}/labels.csv: label '{row['label']}' of {row['file']} is not REAL or FAKE")
        labels.append((row["file"], label == "FAKE"))
    return labels


def read_ppm(path):
    with open(path, "rb") as f:
        data = f.read()
    header = _PPM_HEADER.match(data)
    if header is None:
        raise ValueError(f"{path}: not an 8-bit binary PPM")
    width, height = int(header.group(1)), int(header.group(2))
    return np.frombuffer(data[header.end():], dtype=np.uint8).reshape(height, width, 3)


def decode(paths):
    """HxWx3 uint8 RGB arrays, one per image path, in order."""
    images = []
    with tempfile.TemporaryDirectory() as tmp:
        for start in range(0, len(paths), BATCH):
            batch = paths[start:start + BATCH]
            args = ["ffmpeg", "-nostdin", "-v", "error", "-y"]
            for path in batch:
                args += ["-i", path]
            outputs = [os.path.join(tmp, f"{start + i}.ppm") for i in range(len(batch))]
            for i, out in enumerate(outputs):
                args += ["-map", f"{i}:v:0", "-frames:v", "1", "-c:v", "ppm", "-f", "image2", out]
            result = subprocess.run(args, capture_output=True, text=True)
            if result.returncode != 0:
                raise RuntimeError(f"ffmpeg could not decode face images: {result.stderr.strip()[-400:]}")
            images += [read_ppm(out) for out in outputs]
    return images
