#!/usr/bin/env python3
"""Trains the `resnet18-sbi` ensemble member from scratch on CPU, reproducibly, and exports it as ONNX.

    /usr/bin/python3 -m tools.train.train --crops DIR --out DIR [--mix ffpp+sbi] [--frozen-stages 0] [--views 4000]
                                          [--epochs 6] [--size 224] [--clip-share 0] [--precision fp32]
                                          [--ema 0] [--probe-epochs 0] [--dark-share 0] [--paired-sbi]
                                          [--crop-margin 0.3] [--tight-share 0.15] [--sam 0]
                                          [--sbi-mask ellipse] [--landmark-model DIR] [--lowres-share 0]
                                          [--lowq-share 0] [--boundary-loss 0]
                                          [--swap-share 0] [--holdout-method NAME] [--export-epochs]

DIR for --crops is what `deepscan crops ../shared/data/train/ffpp-c23/labels.csv --out DIR --frames 48` wrote, so
training sees exactly the crops the engine scores. What it does, and why:
1. Views: seeded, augmented views (224 px, or --size), half real, half fake. Fakes are FaceForensics++ fakes and
   self-blended pseudo-fakes of real faces (sbi.py); the mix is a flag so alternatives can be compared on validation.
   The sharpening and rescaling a pseudo-fake gets inside its mask are also applied to whole views of both classes
   (augment.py), which raised validation from 0.896 to 0.929 (held-out MesoNet videos 0.820 to 0.897). 15% of views
   are framed tight, as the engine frames a close-up it has to keep inside the picture. The shipped member is served
   with the manifest's cropMargin 0.15 (1.3 box sides, SBI's crop) and trained so (`--crop-margin 0.15`, which
   reproduce.sh passes with `--patience 6`): each view is the centre of its crop that such a square covers
   (sources.CROP_SIDES). Validation liked it less (0.882 against 0.944: held-out MesoNet 0.820 against 0.939); the
   dev videos liked it more (0.688 against 0.494, paired difference +0.20 [+0.02, +0.40]), and those decide. The
   same recipe with `--seed 2` validated at 0.795 and scored 0.526 on the dev videos: seeds spread that far
   (docs/detector.md).
2. By default every layer of the ImageNet ResNet-18 (stem and stages 1-3) fine-tunes, on views made afresh for each
   step (online.py): 6 epochs of 4,000 views took 34.4 min for the committed model on 2 idle cores.
   `--frozen-stages 2` is the cheaper alternative (stem and stages 1-2 frozen, their outputs for a fixed set of views
   cached, about 6x faster per epoch); on validation it reached a mean video AUC of 0.865 against 0.896 for full
   fine-tuning, whose low-level layers can learn blending and resampling seams that ImageNet filters were never asked
   to see.
   `--precision bf16` runs the convolutions of full fine-tuning in bfloat16 (weights, gradients and validation stay
   float32): on a 2-core CPU with AVX512-BF16 a step is about 3x faster and the recipe takes 21 min instead of
   40-52, with training losses within 0.002 of float32's epoch by epoch and validation within the seed's spread
   (seed 1: 0.919 against 0.929). The default stays fp32, which reproduces the committed model (MIXES are tuples:
   with sets, the plan's order changed with each process's hash seed, and one seed gave one of two runs).
   Tried and left off by default (docs/detector.md): `--ema` validates and exports a moving average of the weights
   (sooner to its best, no better at the end, where the annealed schedule already averages), `--probe-epochs` trains
   the head alone on the frozen backbone first (behind at every epoch), `--dark-share` darkens a share of views as in
   low light (lower on validation), `--paired-sbi` follows each pseudo-fake with its real face augmented the same
   way, as SBI's own loader does (sooner to a good score, level at its best over two seeds), `--mix sbi --paired-sbi`
   trains on pseudo-fakes alone, as SBI does (best after one epoch, 0.799, and lower from there on), `--mix
   ffpp+sbi+mesonet-reals` adds the MesoNet set's real faces as reals and pseudo-fake bases (over two seeds FF++
   validation unchanged, held-out MesoNet videos far higher because their domain's reals are now seen, dev videos not
   better: 0.617 and 0.558 against 0.688 and 0.526), `--sam 0.05` takes every step by sharpness-aware minimisation as
   SBI does (slower to learn in six epochs: validation 0.801 against 0.868, dev videos 0.539 against 0.734),
   `--sbi-mask landmarks` blends each pseudo-fake through a hull of its face's 68 landmarks as SBI does (over seeds 1
   and 3 validation 0.870 against 0.845, dev videos 0.491 against 0.620; `--sbi-mask mixed`, half each way, seed 1:
   0.870 against 0.868, dev videos 0.617 against 0.734), `--lowres-share 0.2` shows a fifth of views as a small face
   in a compressed video (seed 1: validation 0.851 against 0.868, dev videos 0.532 against 0.734, FF++ validation
   videos shrunk 2.5x 0.772 against the shipped model's 0.794), `--swap-share 0.5` makes half the pseudo-fakes by
   blending another person's face in (over seeds 1-3, bf16: dev videos 0.656 against 0.562 on average, higher for
   every seed; validation 0.827 against 0.848, lower for every seed; FaceSwap never trained on, `--holdout-method
   FaceSwap`: 0.658 against 0.603, higher for every seed, and 0.668 against 0.635, higher for two, once its fakes
   left the selection set; Deepfakes: 0.590 against 0.578; float32 seed 1 as served: dev videos 0.623 against the
   shipped model's 0.708, so not shipped), `--lowq-share 0.3` compresses a third of views hard, as a low-bitrate
   video does (seed 1: FF++ validation videos cut as low-bitrate face clips 0.719 against 0.739, dev videos 0.481
   against 0.734), `--boundary-loss 1.0` also predicts where each pseudo-fake was blended, Face X-ray's auxiliary
   task (seeds 1 and 2: validation 0.859 and 0.827 against 0.868 and 0.837, dev videos 0.688 and 0.623 against 0.734
   and 0.610). `--export-epochs` showed that picking the epoch on a held-out manipulation
   ('ffpp-unseen') instead of the validation below picks no better models for the dev videos (docs/detector.md).
3. A class-weighted logistic loss, AdamW with a cosine schedule, a fixed seed, metrics per epoch on the validation
   videos (FaceForensics++ val split, held-out MesoNet videos), and early stopping on their mean video AUC.
4. The best epoch is exported (dynamic batch) with a reference output for the C# ONNX Runtime parity test.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch

from . import landmarks, sources
from .augment import TIGHT_SHARE, ViewOptions, augment, frame_share, plain, tight_frame
from .backbone import package_model_path
from .metrics import auc, log_loss, video_scores
from .model import INPUT_SIZE, FaceFakeNet, to_input
from .online import class_loss, optimise, train_online
from .sbi import self_blend

MIXES = {
    # name: (fake sources, real sources, the real sources pseudo-fakes are made from: none, no pseudo-fakes)
    # Tuples, not sets: plan_views draws the real sources' views in this order, and a set of strings iterates in an
    # order that changes with each process's hash seed, which made one seed give one of two different runs.
    "ffpp+sbi": (("ffpp",), ("ffpp", "utkface"), ("ffpp", "utkface")),
    "ffpp+sbi+mesonet": (("ffpp", "mesonet"), ("ffpp", "utkface", "mesonet"), ("ffpp", "utkface")),
    # The MesoNet set's real faces only (its 2018 fakes left out), as reals and as pseudo-fake bases: more real
    # people and cameras for the self-blends, without that set's generators.
    "ffpp+sbi+mesonet-reals": (("ffpp",), ("ffpp", "utkface", "mesonet"), ("ffpp", "utkface", "mesonet")),
    "ffpp": (("ffpp",), ("ffpp",), ()),
    "sbi": ((), ("ffpp", "utkface"), ("ffpp", "utkface")),
}


# The validation sets whose mean video AUC picks the epoch and the version.
SELECTION_SETS = ("ffpp", "mesonet")


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def held_out(crop, holdout_method):
    """Whether `crop` is a fake of the FF++ manipulation --holdout-method leaves out of training and selection."""
    return bool(holdout_method) and crop.fake and crop.method == holdout_method


def plan_views(crops, mix, count, sbi_share, rng, paired=False, holdout_method=None):
    """The training views as (crop, is_sbi) pairs: half real, half fake, real sources weighted equally. With `paired`
    each self-blended view is followed by its twin, the real face it was blended from (as SBI's loader pairs them), and
    the other real views are drawn for the rest of the real half. No fake of `holdout_method` (an FF++ manipulation)
    is drawn."""
    fake_sources, real_sources, base_sources = MIXES[mix]
    train = [c for c in crops if c.split == "train"]
    reals = {s: [c for c in train if not c.fake and c.source == s] for s in real_sources}
    fakes = [c for c in train if c.fake and c.source in fake_sources and not held_out(c, holdout_method)]
    sbi_bases = [c for c in train if not c.fake and c.source in base_sources]
    half = count // 2
    n_sbi = half if not fakes else (int(half * sbi_share) if base_sources else 0)
    # A unit is one view, or a pseudo-fake and its twin; units are shuffled whole, so a twin stays behind its blend.
    units = []
    per_source = (half - (n_sbi if paired else 0)) // len(reals)
    for pool in reals.values():
        units += [[(pool[i], False)] for i in rng.integers(0, len(pool), per_source)]
    units += [[(sbi_bases[i], True)] + ([(sbi_bases[i], False)] if paired else [])
              for i in rng.integers(0, len(sbi_bases), n_sbi)]
    units += [[(fakes[i], False)] for i in rng.integers(0, len(fakes), half - n_sbi)] if fakes else []
    return [view for i in rng.permutation(len(units)) for view in units[i]]


@torch.no_grad()
def cache_features(net, images, batch=64):
    """Frozen-part outputs (fp16) for uint8 views, in batches."""
    out = []
    for start in range(0, len(images), batch):
        out.append(net.frozen_features(to_input(np.stack(images[start:start + batch]))).half())
    return torch.cat(out)


def source_frames(crop_margin):
    """Per source, the share of its crops' side that a member served with `crop_margin` sees (augment.frame_share of
    sources.CROP_SIDES): at 0.15, FF++ crops are cut to 81% and the MesoNet set's, already that tight, stay whole."""
    return {source: frame_share(crop_margin, sides) for source, sides in sources.CROP_SIDES.items()}


def view_options(args):
    """The --*-share options that frame and degrade training views."""
    return ViewOptions(clip_share=args.clip_share, dark_share=args.dark_share, tight_share=args.tight_share,
                       lowres_share=args.lowres_share, lowq_share=args.lowq_share)


def build_training_cache(net, views, cache, rng, size, options, frames, batch=64):
    features, labels = [], []
    chunk_views = []
    started = time.time()
    for k, (crop, is_sbi) in enumerate(views):
        image = cache.get(crop.path)
        if is_sbi:
            image, _ = self_blend(image, rng)
        chunk_views.append(augment(image, rng, size, options, frames[crop.source]))
        labels.append(1.0 if (crop.fake or is_sbi) else 0.0)
        if len(chunk_views) == batch or k == len(views) - 1:
            features.append(cache_features(net, chunk_views, batch))
            chunk_views = []
            if (k + 1) % (batch * 40) == 0:
                rate = (k + 1) / (time.time() - started)
                log(f"  cached {k + 1}/{len(views)} views ({rate:.1f}/s)")
    return torch.cat(features), torch.tensor(labels)


@torch.no_grad()
def predict(score, inputs, batch=128):
    """P(fake) for validation inputs: cached frozen features (score = classify_features) or images (score = net)."""
    return torch.cat([torch.sigmoid(score(inputs[s:s + batch])).squeeze(1)
                      for s in range(0, len(inputs), batch)]).numpy()


def evaluate(score, val_sets):
    """Frame and video AUC and video log-loss per validation set."""
    results = {}
    for name, (inputs, crops) in val_sets.items():
        probs = predict(score, inputs)
        labels = np.array([c.fake for c in crops], dtype=float)
        v_probs, v_labels = video_scores(probs, labels, [c.video for c in crops])
        results[name] = {"frame_auc": auc(probs, labels), "video_auc": auc(v_probs, v_labels),
                         "video_log_loss": log_loss(v_probs, v_labels), "videos": len(v_labels),
                         "frames": len(labels)}
    return results


def train_cached(net, crops, cache, rng, args, end_epoch, started):
    """Stage 3 and the head train on the frozen part's cached outputs of a fixed set of augmented views."""
    views = plan_views(crops, args.mix, args.views, args.sbi_share, rng, holdout_method=args.holdout_method)
    features, labels = build_training_cache(net, views, cache, rng, args.size, view_options(args),
                                            source_frames(args.crop_margin))
    cache.images.clear()
    positives = float(labels.sum())
    pos_weight = torch.tensor((len(labels) - positives) / max(positives, 1.0))
    log(f"cached {len(labels)} views ({positives:.0f} fake) in {time.time() - started:.0f} s; "
        f"pos_weight {pos_weight:.3f}")
    optimiser = torch.optim.AdamW(net.trainable_parameters(), lr=args.lr, weight_decay=1e-4)
    steps = args.epochs * ((len(labels) + args.batch - 1) // args.batch)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=args.lr, total_steps=steps, pct_start=0.1)
    for epoch in range(1, args.epochs + 1):
        net.train()
        # Only stage 3 and the head learn; the frozen part's batch norms must not drift.
        for step in net.backbone.steps[:net.frozen_until + 1]:
            if step[2] in net.backbone.layers:
                net.backbone.layers[step[2]].eval()
        order = torch.randperm(len(labels))
        total, seen = 0.0, 0
        for s in range(0, len(order), args.batch):
            idx = order[s:s + args.batch]
            x = features[idx].float()
            if torch.rand(1).item() < 0.5:  # cheap extra variety: mirror the cached feature maps
                x = x.flip(3)
            loss = class_loss(net.classify_features(x).squeeze(1), labels[idx], pos_weight)
            total += optimise(loss, len(idx), optimiser, schedule)
            seen += len(idx)
        if not end_epoch(epoch, total / seen):
            break


def val_subset(crops, per_video, rng, splits=("val",)):
    """At most `per_video` evenly spread crops of each video of `splits` (the validation videos)."""
    by_video = {}
    for c in crops:
        if c.split in splits:
            by_video.setdefault(c.video, []).append(c)
    chosen = []
    for video in sorted(by_video):
        items = by_video[video]
        step = max(1, len(items) / per_video)
        chosen += [items[int(i * step)] for i in range(min(per_video, len(items)))]
    return chosen


def selection_set(crops, source, per_video, rng, holdout_method=None):
    """The validation crops of `source` whose video AUC helps pick the epoch, without any fake of `holdout_method`:
    a manipulation left out of training is measured only by 'ffpp-unseen', so no choice is made on it."""
    return val_subset([c for c in crops if c.source == source and not held_out(c, holdout_method)], per_video, rng)


def unseen_method_set(crops, method, per_video, rng):
    """The validation of a manipulation left out of training (--holdout-method): its FF++ fakes of both splits (none
    was trained on) and the FF++ validation reals, at most `per_video` crops a video. Its train-split fakes show
    people whose real videos were trained on; the manipulation is what the model has not seen. None of its fakes is
    in a selection set ('ffpp' leaves them out), so the epoch is picked without them."""
    chosen = [c for c in crops if c.source == "ffpp" and (c.method == method if c.fake else c.split == "val")]
    return val_subset(chosen, per_video, rng, splits=("train", "val"))


def export_onnx(net, path, size):
    """The network as ONNX with a dynamic batch, as the engine loads it."""
    net.eval()
    dummy = torch.zeros(1, 3, size, size)
    torch.onnx.export(net, dummy, path, input_names=["input"], output_names=["logit"],
                      dynamic_axes={"input": {0: "batch"}, "logit": {0: "batch"}}, opset_version=13)


def export(net, path, reference_path, size):
    """ONNX with a dynamic batch, plus the torch logits of a deterministic input for the C# parity test."""
    export_onnx(net, path, size)
    from .reference_input import BATCH, reference_input, write_reference
    with torch.no_grad():
        logits = net(torch.from_numpy(reference_input(BATCH, size))).squeeze(1).tolist()
    write_reference(reference_path, size, logits)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crops", required=True, help="deepscan crops output for the FF++ training videos")
    parser.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "../../../shared"))
    parser.add_argument("--out", required=True)
    parser.add_argument("--mix", default="ffpp+sbi", choices=sorted(MIXES))
    parser.add_argument("--frozen-stages", type=int, choices=(0, 2), default=0,
                        help="2: stem and stages 1-2 frozen, views cached; 0: every layer trains on fresh views")
    parser.add_argument("--views", type=int, default=4000,
                        help="views per epoch (--frozen-stages 0) or in all (--frozen-stages 2: 12000 were used)")
    parser.add_argument("--sbi-share", type=float, default=0.6, help="share of fake views that are self-blended")
    parser.add_argument("--clip-share", type=float, default=0.0,
                        help="share of views framed as a face-crop clip (a rectangle of face, black all round)")
    parser.add_argument("--dark-share", type=float, default=0.0,
                        help="share of views darkened to 30-60%% brightness, as of a face filmed in low light")
    parser.add_argument("--lowres-share", type=float, default=0.0,
                        help="share of views seen as a small face in a compressed video: shrunk to 48-112 px, "
                             "compressed there, enlarged to the input size")
    parser.add_argument("--lowq-share", type=float, default=0.0,
                        help="share of views seen as a face in a low-bitrate video: compressed hard (JPEG quality "
                             "10-40) at the crop's own size, before the resize to the input size")
    parser.add_argument("--holdout-method", choices=("Deepfakes", "Face2Face", "FaceSwap"),
                        help="trains on no fake of this FF++ manipulation and reports it as validation set "
                             "'ffpp-unseen' (its fakes and the validation reals; reported, not selected on: the 'ffpp' "
                             "set that picks the epoch leaves its fakes out): how the recipe carries to a generator "
                             "it never saw")
    parser.add_argument("--boundary-loss", type=float, default=0.0,
                        help="weight of an auxiliary loss that predicts each view's blending boundary (Face X-ray's "
                             "4M(1-M) of a pseudo-fake's mask, none for a real face) from the last stage's feature "
                             "map; the exported model is unchanged; 0: none")
    parser.add_argument("--swap-share", type=float, default=0.0,
                        help="share of pseudo-fakes that blend in another person's face (sbi.swap_blend, Face X-ray's "
                             "blended images) instead of the face itself; full fine-tuning")
    parser.add_argument("--tight-share", type=float, default=TIGHT_SHARE,
                        help="share of views framed as a close-up the engine shrank to the picture (60-85%% of the "
                             "crop's side)")
    parser.add_argument("--crop-margin", type=float, default=0.3,
                        help="the cropMargin the member is served with (the manifest's; the engine's square is 1 + 2 x "
                             "margin box sides): views and validation are framed so from each source's crops "
                             "(sources.CROP_SIDES)")
    parser.add_argument("--paired-sbi", action="store_true",
                        help="each self-blended view is followed by the real face it was blended from, augmented the "
                             "very same way (full fine-tuning)")
    parser.add_argument("--sbi-mask", choices=("ellipse", "landmarks", "mixed"), default="ellipse",
                        help="landmarks: each pseudo-fake's mask is drawn from its face's 68 landmarks as SBI draws it "
                             "(sbi.hull_mask; full fine-tuning), found once per crop by face-api's landmark network "
                             "(--landmark-model) and cached beside the crops; ellipse: about the crop's centre; "
                             "mixed: half of them each way")
    parser.add_argument("--landmark-model", default=landmarks.DEFAULT_MODEL_DIR,
                        help=f"folder of {landmarks.MODEL}'s manifest and weights (npm {landmarks.PACKAGE})")
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--patience", type=int, default=2)
    parser.add_argument("--lr", type=float, default=1e-4,
                        help="peak rate of the pretrained layers (the head's is 10x when all layers train); "
                             "the --frozen-stages 2 run used 3e-4")
    parser.add_argument("--size", type=int, default=INPUT_SIZE,
                        help="input side in pixels (the manifest's inputSize); the network is fully convolutional")
    parser.add_argument("--precision", choices=("fp32", "bf16"), default="fp32",
                        help="bf16: full fine-tuning's convolutions in bfloat16 (about 3x faster a step where the CPU "
                             "has AVX512-BF16; validation and export stay float32)")
    parser.add_argument("--ema", type=float, default=0.0,
                        help="decay of a moving average of the weights (full fine-tuning), validated and exported "
                             "instead of the last step's weights; 0: off")
    parser.add_argument("--probe-epochs", type=int, default=0,
                        help="epochs that first train the head alone on the frozen backbone (full fine-tuning)")
    parser.add_argument("--sam", type=float, default=0.0,
                        help="radius of sharpness-aware minimisation (full fine-tuning; SBI trains with 0.05), "
                             "twice the cost a step; 0: plain steps")
    parser.add_argument("--export-epochs", action="store_true",
                        help="also writes every epoch's weights as OUT/epochs/epoch<N>.onnx, so that rules for "
                             "picking the epoch can be compared on videos afterwards")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--val-per-video", type=int, default=16)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    args = parser.parse_args(argv)
    if args.frozen_stages and (args.precision == "bf16" or args.ema or args.probe_epochs or args.paired_sbi
                               or args.sam or args.sbi_mask != "ellipse" or args.swap_share or args.boundary_loss):
        parser.error("--precision bf16, --ema, --probe-epochs, --paired-sbi, --sam, --sbi-mask, --swap-share and "
                     "--boundary-loss apply to full fine-tuning (--frozen-stages 0)")
    frames = source_frames(args.crop_margin)

    started = time.time()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = np.random.default_rng(args.seed)
    os.makedirs(args.out, exist_ok=True)
    train_dir = os.path.join(args.shared, "data", "train")
    crops = (sources.ffpp_crops(args.crops) + sources.mesonet_crops(os.path.join(train_dir, "mesonet-set"))
             + sources.utkface_crops(os.path.join(train_dir, "utkface")))
    log(f"{len(crops)} crops; mix {args.mix}; {args.views} views; seed {args.seed}")

    net = FaceFakeNet(package_model_path())
    net.eval()  # the frozen part's batch norms keep their ImageNet statistics
    cache = sources.ImageCache()
    full = args.frozen_stages == 0

    def val_inputs(images):
        """What the model scores at validation: the images themselves, or the frozen part's outputs for them."""
        return to_input(np.stack(images)) if full else cache_features(net, images)

    def framed_as_served(chosen):
        """A validation set of crops framed as the served member sees them: (model inputs, crops)."""
        return val_inputs([plain(cache.get(c.path), args.size, frames[c.source]) for c in chosen]), chosen

    val_sets = {}
    for name in ("ffpp", "mesonet"):
        chosen = selection_set(crops, name, args.val_per_video, rng, args.holdout_method)
        val_sets[name] = framed_as_served(chosen)
        log(f"validation {name}: {len(chosen)} crops of {len({c.video for c in chosen})} videos")
        if name == "ffpp":
            # Reported, not selected on: the same videos framed as the engine frames a close-up or a face-crop clip
            # (the square shrunk to the picture: the centre 70% of the usual crop), which says whether the model's
            # scores survive that framing.
            tight = [tight_frame(cache.get(c.path), 0.7, args.size) for c in chosen]
            val_sets["ffpp-tight"] = (val_inputs(tight), chosen)
    if args.holdout_method:
        chosen = unseen_method_set(crops, args.holdout_method, args.val_per_video, rng)
        val_sets["ffpp-unseen"] = framed_as_served(chosen)
        log(f"validation ffpp-unseen ({args.holdout_method}, never trained on): {len(chosen)} crops of "
            f"{len({c.video for c in chosen})} videos")

    history, best, best_state, stale = [], -1.0, None, 0
    epoch_started = time.time()

    def end_epoch(epoch, train_loss):
        """Validates, logs, keeps the best weights; False once validation has not improved for `patience` epochs."""
        nonlocal best, best_state, stale, epoch_started
        net.eval()
        metrics = evaluate(net if full else (lambda f: net.classify_features(f.float())), val_sets)
        score = float(np.mean([metrics[name]["video_auc"] for name in SELECTION_SETS]))
        history.append({"epoch": epoch, "train_loss": train_loss, "val": metrics, "selection_score": score,
                        "seconds": time.time() - epoch_started})
        log(f"epoch {epoch}: train loss {train_loss:.4f}; " + "; ".join(
            f"{n} frame AUC {m['frame_auc']:.3f} video AUC {m['video_auc']:.3f} log-loss {m['video_log_loss']:.3f}"
            for n, m in metrics.items()) + f"; score {score:.3f} ({time.time() - epoch_started:.0f} s)")
        if args.export_epochs:
            os.makedirs(os.path.join(args.out, "epochs"), exist_ok=True)
            export_onnx(net, os.path.join(args.out, "epochs", f"epoch{epoch}.onnx"), args.size)
        epoch_started = time.time()
        if score > best:
            best, stale = score, 0
            best_state = {k: v.clone() for k, v in net.state_dict().items()}
            return True
        stale += 1
        if stale >= args.patience:
            log("early stop")
            return False
        return True

    if full:
        views = plan_views(crops, args.mix, args.views * (args.probe_epochs + args.epochs), args.sbi_share, rng,
                           args.paired_sbi, args.holdout_method)
        fakes = sum(1 for crop, is_sbi in views if crop.fake or is_sbi)
        pos_weight = torch.tensor((len(views) - fakes) / max(fakes, 1))
        log(f"full fine-tuning on {len(views)} fresh views ({fakes} fake); pos_weight {pos_weight:.3f}")
        cache.images.clear()
        points = None
        if args.sbi_mask != "ellipse":
            bases = sorted({crop for crop, is_sbi in views if is_sbi}, key=lambda c: c.path)
            points = landmarks.landmarks_for(bases, args.landmark_model, landmarks.cache_path(args.crops), log)
        train_online(net, views, args.views, args.epochs, args.batch, args.lr, pos_weight, args.seed, end_epoch,
                     args.size, view_options=view_options(args), precision=args.precision, ema_decay=args.ema,
                     probe_epochs=args.probe_epochs, frames=frames, paired=args.paired_sbi, sam_rho=args.sam,
                     landmarks=points, landmark_share=0.5 if args.sbi_mask == "mixed" else 1.0,
                     swap_share=args.swap_share, donors=[crop for crop, is_sbi in views if is_sbi],
                     boundary_weight=args.boundary_loss)
    else:
        train_cached(net, crops, cache, rng, args, end_epoch, started)

    net.load_state_dict(best_state)
    model_path = os.path.join(args.out, "resnet18_sbi.onnx")
    export(net, model_path, os.path.join(args.out, "reference.json"), args.size)
    summary = {"args": vars(args), "history": history, "best_score": best,
               "best_epoch": max(history, key=lambda h: h["selection_score"])["epoch"],
               "seconds": time.time() - started}
    with open(os.path.join(args.out, "training.json"), "w") as f:
        json.dump(summary, f, indent=1)
    log(f"best epoch {summary['best_epoch']} (score {best:.3f}); wrote {model_path}; "
        f"total time {summary['seconds'] / 60:.1f} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
