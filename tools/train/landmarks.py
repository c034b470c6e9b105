"""68 facial landmarks for training crops: face-api's FaceLandmark68Net (MIT, npm `@vladmandic/face-api`) in torch.

Self-blended pseudo-fakes are blended through a mask, and Shiohara and Yamasaki draw it from the face's landmarks
(the hull of the 68 dlib points, deformed): the seam then runs where a face swap's does, along the jaw and across the
brow, turning with the head. The engine's detectors give a box and five or six points, too few for that hull, so
training finds the 68 points with this small network (0.36 MB of uint8-quantised weights; 112 px input), once per
crop, cached beside the crops.

The network, as face-api builds it (src/faceFeatureExtractor, src/faceLandmarkNet): four dense blocks of a strided
convolution and three depthwise-separable ones with summed skips, 7x7 average pooling, one fully connected layer to
68 (x, y) pairs in [0, 1] of the padded square input. TensorFlow's 'same' padding of a strided 3x3 convolution on an
even side pads one pixel at the bottom and right only, which the port reproduces.
"""
import hashlib
import json
import os

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image
from torch import nn

from . import sources

PACKAGE = "@vladmandic/face-api@1.7.15"
MODEL = "face_landmark_68_model"
WEIGHTS_SHA256 = "4611ef65c87d836d03d684b30eec4d195d8b219fa1dd58fc58945831c6b9299b"
INPUT = 112
MEAN_RGB = (122.782, 117.001, 104.298)
# Where setup unpacks the model (the repository root's .deepscan/npm).
DEFAULT_MODEL_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".deepscan", "npm",
                                 "face-api", "model")


def _read(path):
    with open(path, "rb") as f:
        return f.read()


def read_weights(model_dir):
    """The model's tensors by name, dequantised (value = q * scale + min) from the manifest's uint8 shards, which must
    be the package's (WEIGHTS_SHA256)."""
    with open(os.path.join(model_dir, MODEL + "-weights_manifest.json")) as f:
        groups = json.load(f)
    shards = [b"".join(_read(os.path.join(model_dir, p)) for p in group["paths"]) for group in groups]
    if hashlib.sha256(b"".join(shards)).hexdigest() != WEIGHTS_SHA256:
        raise ValueError(f"{model_dir}: {MODEL}'s weights are not {PACKAGE}'s (sha256 {WEIGHTS_SHA256})")
    tensors = {}
    for group, data in zip(groups, shards):
        offset = 0
        for spec in group["weights"]:
            count = int(np.prod(spec["shape"]))
            q = spec.get("quantization")
            if q:
                values = np.frombuffer(data, np.uint8, count, offset).astype(np.float32) * q["scale"] + q["min"]
                offset += count
            else:
                values = np.frombuffer(data, np.float32, count, offset)
                offset += 4 * count
            tensors[spec["name"]] = torch.from_numpy(values.reshape(spec["shape"]).copy())
    return tensors


def _same(x, stride):
    """TensorFlow's 'same' padding for a 3x3 kernel: the output is ceil(side / stride), and the odd pixel of padding
    goes to the bottom and right."""
    pads = []
    for side in (x.shape[3], x.shape[2]):
        total = max((-(-side // stride) - 1) * stride + 3 - side, 0)
        pads += [total // 2, total - total // 2]
    return F.pad(x, pads)


class FaceLandmark68Net(nn.Module):
    """(N, 3, 112, 112) RGB 0..255 of a face box padded to a square -> (N, 68, 2) points as fractions of that square."""

    def __init__(self, tensors):
        super().__init__()
        self.w = tensors

    def _separable(self, x, name, stride):
        depthwise = self.w[name + "/depthwise_filter"].permute(2, 3, 0, 1)  # (3, 3, C, 1) -> (C, 1, 3, 3)
        pointwise = self.w[name + "/pointwise_filter"].permute(3, 2, 0, 1)  # (1, 1, C, O) -> (O, C, 1, 1)
        x = F.conv2d(_same(x, stride), depthwise, stride=stride, groups=x.shape[1])
        return F.conv2d(x, pointwise, self.w[name + "/bias"])

    def _block(self, x, name, first):
        if first:
            filters = self.w[name + "/conv0/filters"].permute(3, 2, 0, 1)
            out1 = F.relu(F.conv2d(_same(x, 2), filters, self.w[name + "/conv0/bias"], stride=2))
        else:
            out1 = F.relu(self._separable(x, name + "/conv0", 2))
        out2 = self._separable(out1, name + "/conv1", 1)
        out3 = self._separable(F.relu(out1 + out2), name + "/conv2", 1)
        out4 = self._separable(F.relu(out1 + out2 + out3), name + "/conv3", 1)
        return F.relu(out1 + out2 + out3 + out4)

    def forward(self, x):
        x = (x - torch.tensor(MEAN_RGB).view(1, 3, 1, 1)) / 255
        for i in range(4):
            x = self._block(x, f"dense{i}", i == 0)
        x = F.avg_pool2d(x, 7, 2).flatten(1)
        return (x @ self.w["fc/weights"] + self.w["fc/bias"]).view(-1, 68, 2)


def box_views(images, crop_sides):
    """The detector box at the centre of each crop (a square 1/crop_side of its side), resized to the net's input;
    returns the uint8 views and each box's (left, top, side) in crop pixels."""
    views, boxes = [], []
    for image, sides in zip(images, crop_sides):
        h, w = image.shape[:2]
        side = min(h, w) / sides
        left, top = (w - side) / 2, (h - side) / 2
        box = Image.fromarray(image).resize((INPUT, INPUT), Image.BILINEAR,
                                            box=(left, top, left + side, top + side))
        views.append(np.asarray(box))
        boxes.append((left, top, side))
    return np.stack(views), np.array(boxes, np.float32)


@torch.no_grad()
def find(net, images, crop_sides, batch=64):
    """(N, 68, 2) landmark (x, y) in each crop's own pixels."""
    out = []
    for start in range(0, len(images), batch):
        views, boxes = box_views(images[start:start + batch], crop_sides[start:start + batch])
        points = net(torch.from_numpy(views).permute(0, 3, 1, 2).float()).numpy()
        out.append(points * boxes[:, None, 2:3] + boxes[:, None, :2])
    return np.concatenate(out).astype(np.float32)


def cache_path(crops_dir):
    """Where the landmarks of a folder of crops are kept."""
    return os.path.join(crops_dir, "landmarks68.npz")


def _key(path):
    # A crop cut again in place gets new landmarks: the key carries its size and modification time.
    stat = os.stat(path)
    return f"{path}|{stat.st_size}|{stat.st_mtime_ns}"


def landmarks_for(crops, model_dir, cache_file, log=print):
    """Landmarks of every crop by path (in the crop's pixels as loaded, at most sources.MAX_SIDE), cached in
    `cache_file`: computed once for crops the cache lacks."""
    known = {}
    if os.path.exists(cache_file):
        with np.load(cache_file) as saved:
            known = dict(zip(saved["keys"].tolist(), saved["points"]))
    keys = {c.path: _key(c.path) for c in crops}
    missing = [c for c in crops if keys[c.path] not in known]
    if missing:
        net = FaceLandmark68Net(read_weights(model_dir)).eval()
        for start in range(0, len(missing), 512):
            part = missing[start:start + 512]
            images = [sources.load_image(c.path) for c in part]
            points = find(net, images, [sources.CROP_SIDES[c.source] for c in part])
            known.update(zip((keys[c.path] for c in part), points))
            log(f"  landmarks {start + len(part)}/{len(missing)}")
        saved = sorted(known)
        np.savez_compressed(cache_file, keys=np.array(saved), points=np.stack([known[k] for k in saved]))
    return {c.path: known[keys[c.path]] for c in crops}
