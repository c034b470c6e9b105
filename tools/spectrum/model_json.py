"""The spectrum model as JSON: what the C# SpectrumClassifier evaluates, exported from a fitted candidate.

Both kinds give P(classes[1]); `fakeClass` names which class is FAKE.
- svm-rbf: f(x) = sum_i dualCoefficients[i] * exp(-gamma * |x - supportVectors[i]|^2) + intercept is sklearn's
  decision_function (positive means classes[1]). Probabilities follow sklearn's bundled libsvm exactly: the
  pairwise Platt probability r = sigmoid(dec * probA + probB) of classes[0], with libsvm's decision value
  dec = -f, clipped to [1e-7, 1 - 1e-7], then libsvm's iterative multiclass_probability for two classes
  (which stops at a tolerance of 0.0025, so it is not simply r).
- logistic: z = (x - mean) / scale, P(classes[1]) = 1 / (1 + exp(-(coefficients . z + intercept))).
"""
import math

import numpy as np

MIN_PROB = 1e-7
KINDS = ("svm-rbf", "logistic")


def export(kind, model, class_names, fake_class):
    document = {"kind": kind, "classes": list(class_names), "fakeClass": fake_class}
    if kind == "svm-rbf":
        document["svm"] = {
            "gamma": float(model._gamma),
            "intercept": float(model.intercept_[0]),
            "probA": float(model.probA_[0]),
            "probB": float(model.probB_[0]),
            "dualCoefficients": [float(v) for v in model.dual_coef_[0]],
            "supportVectors": [[float(v) for v in row] for row in model.support_vectors_],
        }
    elif kind == "logistic":
        scaler, logistic = model.steps[0][1], model.steps[-1][1]
        document["logistic"] = {
            "mean": [float(v) for v in scaler.mean_],
            "scale": [float(v) for v in scaler.scale_],
            "coefficients": [float(v) for v in logistic.coef_[0]],
            "intercept": float(logistic.intercept_[0]),
        }
    else:
        raise ValueError(f"unknown spectrum model kind '{kind}'")
    return document


def _sigmoid_predict(decision, a, b):
    f_apb = decision * a + b
    if f_apb >= 0:
        return math.exp(-f_apb) / (1.0 + math.exp(-f_apb))
    return 1.0 / (1.0 + math.exp(f_apb))


def pairwise_coupling(r01):
    """libsvm's multiclass_probability for k = 2, step for step; returns (p0, p1)."""
    k = 2
    r = [[0.0, r01], [1.0 - r01, 0.0]]
    q = [[r[1][0] * r[1][0], -r[1][0] * r[0][1]], [0.0, r[0][1] * r[0][1]]]
    q[1][0] = q[0][1]
    p = [0.5, 0.5]
    qp = [0.0, 0.0]
    eps = 0.005 / k
    for _ in range(100):
        pqp = 0.0
        for t in range(k):
            qp[t] = q[t][0] * p[0] + q[t][1] * p[1]
            pqp += p[t] * qp[t]
        if max(abs(qp[t] - pqp) for t in range(k)) < eps:
            break
        for t in range(k):
            diff = (-qp[t] + pqp) / q[t][t]
            p[t] += diff
            pqp = (pqp + diff * (diff * q[t][t] + 2 * qp[t])) / (1 + diff) / (1 + diff)
            for j in range(k):
                qp[j] = (qp[j] + diff * q[t][j]) / (1 + diff)
                p[j] /= 1 + diff
    return p[0], p[1]


def probability_of_second_class(document, x):
    x = np.asarray(x, dtype=np.float64)
    if document["kind"] == "svm-rbf":
        svm = document["svm"]
        vectors = np.asarray(svm["supportVectors"])
        kernel = np.exp(-svm["gamma"] * ((vectors - x) ** 2).sum(axis=1))
        decision = float(kernel @ np.asarray(svm["dualCoefficients"])) + svm["intercept"]
        r = min(max(_sigmoid_predict(-decision, svm["probA"], svm["probB"]), MIN_PROB), 1 - MIN_PROB)
        return pairwise_coupling(r)[1]
    logistic = document["logistic"]
    z = (x - np.asarray(logistic["mean"])) / np.asarray(logistic["scale"])
    return 1.0 / (1.0 + math.exp(-(float(z @ np.asarray(logistic["coefficients"])) + logistic["intercept"])))


def fake_probability(document, x):
    p1 = probability_of_second_class(document, x)
    return p1 if document["classes"].index(document["fakeClass"]) == 1 else 1.0 - p1
