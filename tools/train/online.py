"""Full fine-tuning: every layer of the network trains, on views made on the fly (a fresh augmentation each time).

Freezing the stem and stages 1-2 (train.py's cached mode) keeps their ImageNet filters, which were never asked to see
a blending boundary or a resampling seam: the evidence self-blended pseudo-fakes teach lives in exactly those
low-level layers. Fine-tuning all of them costs about 3x the cached mode's CPU per view, so the views are made by a
separate process (`ViewStream` in a DataLoader worker) while the main process trains.
"""
import contextlib

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from .augment import ViewOptions, augment
from .model import INPUT_SIZE, to_input
from .sbi import self_blend, swap_blend
from . import sources


class ViewStream(torch.utils.data.IterableDataset):
    """The planned (crop, is_sbi) views as augmented uint8 images and labels, in order, seeded. With `paired` (views
    from plan_views(paired=True)) the view after each self-blended one is its twin, the real face it was blended from,
    and gets the very same augmentation: the two then differ only by the blend, which is all the network can learn
    to tell them apart by (SBI's loader applies one set of transforms to both). `frames` maps a crop's source to the
    share of its side the view is framed from (train.source_frames; 1.0 for a source it does not name). `landmarks`
    maps a crop's path to its face's 68 points, which shape its pseudo-fakes' masks (sbi.hull_mask); with
    `landmark_share` below 1 only that share of them, drawn per view, the others keeping the ellipse. `swap_share` of
    the pseudo-fakes, drawn per view, blend in another person's face instead (sbi.swap_blend): a crop of `donors` from
    the same source and another video. `view_options` (augment.ViewOptions) frame and degrade every view. With
    `boundary_cells` > 0 each view also comes with its blending boundary (boundary_map) on a grid of that many cells a
    side and whether it is known: zero for a real face and a twin, unknown for a fake of a data set."""

    def __init__(self, views, seed, size=INPUT_SIZE, view_options=ViewOptions(), frames=None, paired=False,
                 landmarks=None, landmark_share=1.0, swap_share=0.0, donors=(), boundary_cells=0):
        super().__init__()
        self.views = views
        self.seed = seed
        self.size = size
        self.view_options = view_options
        self.frames = frames or {}
        self.paired = paired
        self.landmarks = landmarks or {}
        self.landmark_share = landmark_share
        self.swap_share = swap_share
        self.boundary_cells = boundary_cells
        self.donors = {}
        for crop in sorted(set(donors), key=lambda c: c.path):
            self.donors.setdefault(crop.source, []).append(crop)
        # Per source, where each video's own crops sit in its donor list (ascending), so a draw can skip them
        # without filtering thousands of donors for every pseudo-fake.
        self._own = {}
        for source, pool in self.donors.items():
            for i, c in enumerate(pool):
                self._own.setdefault((source, c.video), []).append(i)

    def _donor(self, crop, rng):
        """A crop of another video from the same source (framed alike), or None when the source has no other: the
        same draw as indexing the source's donors without this video's crops."""
        pool = self.donors.get(crop.source, ())
        own = self._own.get((crop.source, crop.video), ())
        if len(pool) == len(own):
            return None
        k = int(rng.integers(len(pool) - len(own)))
        for i in own:  # the k-th donor of the others: step over each own crop at or before it
            if i > k:
                break
            k += 1
        return pool[k]

    def __iter__(self):
        rng = np.random.default_rng(self.seed)
        cache = sources.ImageCache()
        twin_state = None
        for crop, is_sbi in self.views:
            image = cache.get(crop.path)
            mask = None
            if twin_state is not None:
                # The twin replays the draws of the blend's augmentation, and leaves the generator where that did.
                rng.bit_generator.state, twin_state = twin_state, None
            elif is_sbi:
                points = self.landmarks.get(crop.path)
                if points is not None and self.landmark_share < 1 and rng.random() >= self.landmark_share:
                    points = None
                donor = self._donor(crop, rng) if self.swap_share > 0 and rng.random() < self.swap_share else None
                if donor is not None:
                    image, mask = swap_blend(image, cache.get(donor.path), rng)
                else:
                    image, mask = self_blend(image, rng, points)
                if self.paired:
                    twin_state = rng.bit_generator.state
            label = np.float32(1.0 if (crop.fake or is_sbi) else 0.0)
            frame = self.frames.get(crop.source, 1.0)
            if not self.boundary_cells:
                yield augment(image, rng, self.size, self.view_options, frame).copy(), label
                continue
            seams = boundary_map(mask) if mask is not None else np.zeros(image.shape[:2], np.float32)
            view, seams = augment(image, rng, self.size, self.view_options, frame, seams)
            known = np.float32(0.0 if crop.fake else 1.0)  # a data set's fake: where it was blended is not known
            yield view.copy(), label, cells(seams, self.boundary_cells), known


def boundary_map(mask):
    """Face X-ray's blending boundary (Li et al., CVPR 2020): 4 M (1 - M) of a blend's mask M, scaled to peak 1 (a
    pseudo-fake's blend ratio scales its mask; the boundary is where the two faces meet, whatever the ratio)."""
    mask = mask / max(float(mask.max()), 1e-6)
    return (4 * mask * (1 - mask)).astype(np.float32)


def cells(image, count):
    """A float HxW map area-averaged onto count x count cells (the feature map's grid)."""
    picture = Image.fromarray(np.ascontiguousarray(image, dtype=np.float32), mode="F")
    return np.array(picture.resize((count, count), Image.BOX), dtype=np.float32)


def param_groups(net, lr, head_lr_factor=10.0):
    """The pretrained backbone at `lr`, the new head faster: it starts from nothing."""
    head = {id(p) for p in net.head.parameters()}
    return [{"params": [p for p in net.parameters() if id(p) not in head], "lr": lr},
            {"params": list(net.head.parameters()), "lr": lr * head_lr_factor}]


def optimise(loss, batch_size, optimiser, schedule):
    """One step on a batch's mean loss; returns the batch's summed loss."""
    optimiser.zero_grad()
    loss.backward()
    optimiser.step()
    schedule.step()
    return loss.item() * batch_size


def class_loss(logits, labels, pos_weight):
    """The class-weighted logistic loss, a batch's mean."""
    return F.binary_cross_entropy_with_logits(logits.float(), labels, pos_weight=pos_weight)


def seam_loss(predicted, target, known):
    """Per-cell logistic loss of the predicted blending boundary, averaged over the views whose boundary is known."""
    per_view = F.binary_cross_entropy_with_logits(predicted.float(), target, reduction="none").mean(dim=(1, 2))
    return (per_view * known).sum() / known.sum().clamp(min=1.0)


@contextlib.contextmanager
def frozen_batch_norm_statistics(net):
    """A context in which batch norm layers normalise by the batch as usual but do not update their running
    statistics (momentum 0): SAM's second pass, at perturbed weights, must not count twice."""
    layers = [m for m in net.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    momenta = [m.momentum for m in layers]
    for m in layers:
        m.momentum = 0.0
    try:
        yield
    finally:
        for m, momentum in zip(layers, momenta):
            m.momentum = momentum


def sharpness_aware_step(loss_at, optimiser, schedule, rho, net, batch_size):
    """One step of sharpness-aware minimisation (Foret et al., ICLR 2021), as SBI's own training runs it (rho 0.05):
    the gradient is taken at the worst weights within rho (in gradient norm) of the current ones, so training settles
    in flat minima, which carry better to manipulations it never saw. Twice a plain step's cost. `loss_at()` computes
    the batch's loss at the network's current weights; returns the batch's summed loss at the unperturbed weights."""
    loss = loss_at()
    optimiser.zero_grad()
    loss.backward()
    params = [p for group in optimiser.param_groups for p in group["params"] if p.grad is not None]
    norm = torch.norm(torch.stack([p.grad.norm(2) for p in params]), 2)
    with torch.no_grad():
        steps = [p.grad * (rho / (norm + 1e-12)) for p in params]
        for p, e in zip(params, steps):
            p.add_(e)
    optimiser.zero_grad()
    with frozen_batch_norm_statistics(net):
        loss_at().backward()
    with torch.no_grad():
        for p, e in zip(params, steps):
            p.sub_(e)
    optimiser.step()
    schedule.step()
    return loss.item() * batch_size


class WeightAverage:
    """An exponential moving average of a network's weights and batch-norm statistics, updated after every step.

    Fine-tuning on a few thousand views an epoch leaves the weights where the last batches pushed them; the average
    over the last few hundred steps is a flatter, steadier point (Polyak averaging; timm's ModelEmaV2), which is what
    validation then measures and what is exported. The decay warms up as (1 + step) / (10 + step), so the first
    steps' weights, still near ImageNet, do not linger in the average.
    """

    def __init__(self, net, decay):
        self.decay = decay
        self.steps = 0
        self.state = {k: v.detach().clone() for k, v in net.state_dict().items()}

    @torch.no_grad()
    def update(self, net):
        self.steps += 1
        decay = min(self.decay, (1 + self.steps) / (10 + self.steps))
        for key, value in net.state_dict().items():
            if value.is_floating_point():
                self.state[key].mul_(decay).add_(value.detach(), alpha=1 - decay)
            else:
                self.state[key].copy_(value)

    @contextlib.contextmanager
    def swapped_into(self, net):
        """A context in which `net` holds the averaged weights; its own come back on exit."""
        own = {k: v.detach().clone() for k, v in net.state_dict().items()}
        net.load_state_dict(self.state)
        try:
            yield
        finally:
            net.load_state_dict(own)


def probe_head(net, batches, steps, lr, pos_weight, precision):
    """One epoch of training the head alone on the frozen network's pooled features: `steps` batches from `batches`;
    returns the epoch's mean loss. The backbone keeps its ImageNet weights and batch-norm statistics."""
    optimiser = torch.optim.AdamW(net.head.parameters(), lr=lr, weight_decay=1e-4)
    constant = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda _: 1.0)
    net.eval()
    net.dropout.train()
    total, seen = 0.0, 0
    for _ in range(steps):
        images, labels = next(batches)[:2]
        with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=precision == "bf16"):
            pooled = net.backbone(to_input(images.numpy())).mean(dim=(2, 3))
        logits = net.head(net.dropout(pooled.float())).squeeze(1)
        total += optimise(class_loss(logits, labels, pos_weight), len(labels), optimiser, constant)
        seen += len(labels)
    return total / seen


def train_online(net, views, per_epoch, epochs, batch, lr, pos_weight, seed, on_epoch, size=INPUT_SIZE,
                 view_options=ViewOptions(), precision="fp32", ema_decay=0.0, probe_epochs=0, frames=None,
                 paired=False, sam_rho=0.0, landmarks=None, landmark_share=1.0, swap_share=0.0, donors=(),
                 boundary_weight=0.0):
    """Trains every layer on `views` ((probe_epochs + epochs) x per_epoch of them, size x size px); calls
    on_epoch(epoch, mean loss), which returns False to stop early. precision "bf16" runs the convolutions in bfloat16
    (CPU autocast: weights, gradients and the optimiser stay float32), about 3x faster per step on a CPU with
    AVX512-BF16. With ema_decay > 0 on_epoch sees (and the caller keeps) the weights' moving average (WeightAverage)
    instead of the last step's. probe_epochs first train the head alone on the frozen backbone (linear probing, then
    fine-tuning: Kumar et al., ICLR 2022), so that the full fine-tuning starts from a head that already points
    somewhere and distorts the pretrained features less. view_options, frames, paired, landmarks, landmark_share,
    swap_share and donors: see ViewStream. sam_rho > 0 takes each step by sharpness-aware minimisation
    (sharpness_aware_step) at that radius. boundary_weight > 0 adds, at that weight, the loss of a 1x1 convolution on
    the last stage's feature map that predicts each view's blending boundary (Face X-ray's auxiliary task: where a
    pseudo-fake was blended, nothing for a real face); it is not part of `net`, so the exported model is unchanged."""
    # The last stage's stride: 16 (the stem 4, stages 2 and 3 each 2).
    boundary_cells = size // 16 if boundary_weight > 0 else 0
    stream = ViewStream(views, seed, size, view_options, frames, paired, landmarks, landmark_share, swap_share,
                        donors, boundary_cells)
    loader = torch.utils.data.DataLoader(stream, batch_size=batch, num_workers=1)
    batches = iter(loader)
    steps_per_epoch = (per_epoch + batch - 1) // batch
    for epoch in range(1, probe_epochs + 1):
        if not on_epoch(epoch, probe_head(net, batches, steps_per_epoch, lr * 10, pos_weight, precision)):
            return
    groups = param_groups(net, lr)
    seams = None
    if boundary_weight > 0:
        seams = torch.nn.Conv2d(net.backbone.out_channels, 1, 1)
        groups[1]["params"] += list(seams.parameters())  # new, as the head is: at the head's rate
    optimiser = torch.optim.AdamW(groups, weight_decay=1e-4)
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimiser, max_lr=[g["lr"] for g in groups], total_steps=epochs * steps_per_epoch, pct_start=0.1)
    average = WeightAverage(net, ema_decay) if ema_decay > 0 else None
    net.train()
    last = probe_epochs + epochs
    total, seen, epoch, step = 0.0, 0, probe_epochs + 1, 0
    for images, labels, *boundaries in batches:
        inputs = to_input(images.numpy())

        def loss_at():
            predicted = None
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=precision == "bf16"):
                if seams is None:
                    logits = net(inputs).squeeze(1)
                else:
                    features = net.backbone(inputs)
                    logits = net.head(net.dropout(features.mean(dim=(2, 3)))).squeeze(1)
                    predicted = seams(features).squeeze(1)
            loss = class_loss(logits, labels, pos_weight)
            return loss if predicted is None else loss + boundary_weight * seam_loss(predicted, *boundaries)

        if sam_rho > 0:
            total += sharpness_aware_step(loss_at, optimiser, schedule, sam_rho, net, len(labels))
        else:
            total += optimise(loss_at(), len(labels), optimiser, schedule)
        if average is not None:
            average.update(net)
        seen += len(labels)
        step += 1
        if step == steps_per_epoch:
            with average.swapped_into(net) if average is not None else contextlib.nullcontext():
                go_on = on_epoch(epoch, total / seen)
            if not go_on or epoch == last:
                break
            net.train()
            total, seen, epoch, step = 0.0, 0, epoch + 1, 0
