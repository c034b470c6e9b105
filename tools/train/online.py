"""Full fine-tuning: every layer of the network trains, on views made on the fly (a fresh augmentation each time).

Freezing the stem and stages 1-2 (train.py's cached mode) keeps their ImageNet filters, which were never asked to see
a blending boundary or a resampling seam: the evidence self-blended pseudo-fakes teach lives in exactly those
low-level layers. Fine-tuning all of them costs about 3x the cached mode's CPU per view, so the views are made by a
separate process (`ViewStream` in a DataLoader worker) while the main process trains.
"""
import numpy as np
import torch
import torch.nn.functional as F

from .augment import augment
from .model import INPUT_SIZE, to_input
from .sbi import self_blend
from . import sources


class ViewStream(torch.utils.data.IterableDataset):
    """The planned (crop, is_sbi) views as augmented uint8 images and labels, in order, seeded."""

    def __init__(self, views, seed, size=INPUT_SIZE, clip_share=0.0):
        super().__init__()
        self.views = views
        self.seed = seed
        self.size = size
        self.clip_share = clip_share

    def __iter__(self):
        rng = np.random.default_rng(self.seed)
        cache = sources.ImageCache()
        for crop, is_sbi in self.views:
            image = cache.get(crop.path)
            if is_sbi:
                image, _ = self_blend(image, rng)
            label = np.float32(1.0 if (crop.fake or is_sbi) else 0.0)
            yield augment(image, rng, self.size, self.clip_share).copy(), label


def param_groups(net, lr, head_lr_factor=10.0):
    """The pretrained backbone at `lr`, the new head faster: it starts from nothing."""
    head = {id(p) for p in net.head.parameters()}
    return [{"params": [p for p in net.parameters() if id(p) not in head], "lr": lr},
            {"params": list(net.head.parameters()), "lr": lr * head_lr_factor}]


def optimise(logits, labels, pos_weight, optimiser, schedule):
    """One step on the class-weighted logistic loss; returns the batch's summed loss."""
    loss = F.binary_cross_entropy_with_logits(logits.float(), labels, pos_weight=pos_weight)
    optimiser.zero_grad()
    loss.backward()
    optimiser.step()
    schedule.step()
    return loss.item() * len(labels)


def train_online(net, views, per_epoch, epochs, batch, lr, pos_weight, seed, on_epoch, size=INPUT_SIZE,
                 clip_share=0.0, precision="fp32"):
    """Trains every layer on `views` (epochs x per_epoch of them, size x size px); calls on_epoch(epoch, mean loss),
    which returns False to stop early. precision "bf16" runs the convolutions in bfloat16 (CPU autocast: weights,
    gradients and the optimiser stay float32), about 3x faster per step on a CPU with AVX512-BF16."""
    loader = torch.utils.data.DataLoader(ViewStream(views, seed, size, clip_share), batch_size=batch, num_workers=1)
    groups = param_groups(net, lr)
    optimiser = torch.optim.AdamW(groups, weight_decay=1e-4)
    steps_per_epoch = (per_epoch + batch - 1) // batch
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimiser, max_lr=[g["lr"] for g in groups], total_steps=epochs * steps_per_epoch, pct_start=0.1)
    net.train()
    total, seen, epoch, step = 0.0, 0, 1, 0
    for images, labels in loader:
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=precision == "bf16"):
            logits = net(to_input(images.numpy())).squeeze(1)
        total += optimise(logits, labels, pos_weight, optimiser, schedule)
        seen += len(labels)
        step += 1
        if step == steps_per_epoch:
            if not on_epoch(epoch, total / seen) or epoch == epochs:
                break
            net.train()
            total, seen, epoch, step = 0.0, 0, epoch + 1, 0
