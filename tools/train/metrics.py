"""AUC, log-loss and per-video aggregation for validation (pure numpy)."""
import numpy as np


def auc(scores, labels):
    """Area under the ROC curve by the rank-sum formula, ties counted half; NaN with one class only."""
    scores, labels = np.asarray(scores, float), np.asarray(labels, bool)
    n_pos, n_neg = labels.sum(), (~labels).sum()
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores))
    sorted_scores = scores[order]
    i = 0
    while i < len(scores):
        j = i
        while j + 1 < len(scores) and sorted_scores[j + 1] == sorted_scores[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return float((ranks[labels].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def log_loss(probs, labels, eps=1e-6, weights=None):
    """Mean log-loss, or its weighted mean with one weight per item."""
    p = np.clip(np.asarray(probs, float), eps, 1 - eps)
    y = np.asarray(labels, float)
    return float(-np.average(y * np.log(p) + (1 - y) * np.log(1 - p), weights=weights))


def video_scores(probs, labels, videos):
    """The mean probability and the label of each video, in first-seen order."""
    index = {}
    for v in videos:
        index.setdefault(v, len(index))
    sums, counts, video_labels = np.zeros(len(index)), np.zeros(len(index)), np.zeros(len(index))
    for p, y, v in zip(probs, labels, videos):
        k = index[v]
        sums[k] += p
        counts[k] += 1
        video_labels[k] = y
    return sums / counts, video_labels
