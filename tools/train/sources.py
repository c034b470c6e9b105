"""The training and validation face crops, each with its label and the video (or person) it came from.

Splits are by video, never by image: neighbouring frames of one video are near copies, so an image split would
measure memory, not detection. FaceForensics++ keeps its own train/val split (by identity); the MesoNet set is
split by video with a fixed seed; UTKFace faces are single photos of distinct people and are used for training only.
"""
import csv
import os
from dataclasses import dataclass

import numpy as np
from PIL import Image

# Native crops are shrunk to at most this side when loaded: training views are 224 px and this keeps RAM in check.
MAX_SIDE = 256

# How many of the engine's detector-box sides each source's crops span. `deepscan crops` cuts FF++ at the default
# margin (1 + 2 x 0.3). The other two are photos cropped by their data sets, measured with `deepscan crops` on 120
# seeded images of each (BlazeFace, the median of crop side / box side; 10th-90th percentiles 1.19-1.48 and
# 1.16-1.61): they are framed tighter than the engine's default crop.
CROP_SIDES = {"ffpp": 1.6, "mesonet": 1.29, "utkface": 1.34}


@dataclass(frozen=True)
class Crop:
    """One face crop on disk."""
    path: str
    fake: bool
    video: str
    source: str  # ffpp, mesonet or utkface
    split: str  # train or val
    method: str = ""  # FF++'s manipulation (Deepfakes, Face2Face, FaceSwap; youtube for its reals); "" elsewhere


def _rows(labels_csv):
    with open(labels_csv, newline="") as f:
        return list(csv.DictReader(f))


def ffpp_crops(crops_dir):
    """Crops that `deepscan crops` wrote for ../shared/data/train/ffpp-c23/labels.csv (its split column kept)."""
    labels = os.path.join(crops_dir, "labels.csv")
    return [Crop(os.path.join(crops_dir, r["file"]), r["label"].upper() == "FAKE", "ffpp:" + r["video"], "ffpp",
                 r["split"], r.get("method", "")) for r in _rows(labels)]


def mesonet_crops(set_dir, val_fraction=0.3, seed=7):
    """The MesoNet face set, split by video: a seeded `val_fraction` of each label's videos is held out."""
    rows = _rows(os.path.join(set_dir, "labels.csv"))
    rng = np.random.default_rng(seed)
    held_out = set()
    for label in ("REAL", "FAKE"):
        videos = sorted({r["video"] for r in rows if r["label"] == label})
        held_out.update(rng.choice(videos, size=round(len(videos) * val_fraction), replace=False).tolist())
    return [Crop(os.path.join(set_dir, r["file"]), r["label"] == "FAKE", "mesonet:" + r["video"], "mesonet",
                 "val" if r["video"] in held_out else "train") for r in rows]


def utkface_crops(set_dir):
    """UTKFace real faces: each photo its own 'video'; training only."""
    return [Crop(os.path.join(set_dir, r["file"]), False, "utkface:" + r["file"], "utkface", "train")
            for r in _rows(os.path.join(set_dir, "labels.csv"))]


def load_image(path):
    """An RGB uint8 array, shrunk to at most MAX_SIDE on its longer side."""
    with Image.open(path) as picture:
        picture = picture.convert("RGB")
        if max(picture.size) > MAX_SIDE:
            scale = MAX_SIDE / max(picture.size)
            picture = picture.resize((max(1, round(picture.width * scale)), max(1, round(picture.height * scale))),
                                     Image.BILINEAR)
        return np.asarray(picture)


class ImageCache:
    """Decoded crops, loaded once each."""

    def __init__(self):
        self.images = {}

    def get(self, path):
        if path not in self.images:
            self.images[path] = load_image(path)
        return self.images[path]
