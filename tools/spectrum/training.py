"""Fits the spectrum candidates on the training rows and builds the JSON document of the better one."""
import os
import time

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

import face_images
import features
import model_json

SEED = 0
VALIDATION_FRACTION = 0.2
CLASSES = ["REAL", "FAKE"]
CHECK_ROWS = 8


def candidate(kind):
    if kind == "svm-rbf":
        return SVC(C=6.37, kernel="rbf", gamma=0.86, probability=True, random_state=SEED)
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=10000))


def load_ffpp(csv_path):
    with open(csv_path) as f:
        header = f.readline().strip().split(",")
    if header[0] != "label" or len(header) != features.FEATURE_COUNT + 1:
        raise ValueError(f"{csv_path}: expected columns label,f0..f{features.FEATURE_COUNT - 1}")
    x = np.loadtxt(csv_path, delimiter=",", skiprows=1, usecols=range(1, features.FEATURE_COUNT + 1))
    labels = np.loadtxt(csv_path, delimiter=",", skiprows=1, usecols=[0], dtype=str)
    return x, (labels == "FAKE").astype(int)


def load_faces(faces_dir):
    """Features of every labelled face crop; crops too small for the recipe are skipped and counted."""
    labelled = face_images.read_labels(faces_dir)
    images = face_images.decode([os.path.join(faces_dir, rel) for rel, _ in labelled])
    rows, labels, skipped = [], [], 0
    for image, (_, fake) in zip(images, labelled):
        if min(image.shape[0], image.shape[1]) < features.MIN_SIDE:
            skipped += 1
            continue
        rows.append(features.spectrum_features(image))
        labels.append(int(fake))
    if skipped:
        print(f"spectrum: skipped {skipped} face crops smaller than {features.MIN_SIDE} px")
    return np.array(rows), np.array(labels)


def split(x, y):
    index = np.arange(len(y))
    train, validation = train_test_split(
        index, test_size=VALIDATION_FRACTION, stratify=y, random_state=SEED)
    return np.sort(train), np.sort(validation)


def figures(y, p):
    auc = float(roc_auc_score(y, p)) if len(set(y)) == 2 else None  # JSON has no NaN
    return {"accuracy": float(accuracy_score(y, p > 0.5)), "auc": auc, "rows": int(len(y))}


def evaluate(fitted, sources):
    """Validation figures per source and combined; probabilities are P(FAKE)."""
    result, all_y, all_p = {}, [], []
    for name, (x, y, _, validation) in sources.items():
        p = fitted.predict_proba(x[validation])[:, 1]
        result[name] = figures(y[validation], p)
        all_y.append(y[validation])
        all_p.append(p)
    result["combined"] = figures(np.concatenate(all_y), np.concatenate(all_p))
    return result


def number(value):
    return "n/a" if value is None else f"{value:.3f}"


def print_table(results):
    names = list(next(iter(results.values())).keys())
    print(f"{'candidate':<10}" + "".join(f"{n + ' acc/auc':>22}" for n in names))
    for kind, per_source in results.items():
        cells = "".join(f"{per_source[n]['accuracy']:>12.3f}{number(per_source[n]['auc']):>10}" for n in names)
        print(f"{kind:<10}{cells}")


def checked_rows(document, fitted, x_validation):
    """The first validation rows with sklearn's P(FAKE); the JSON evaluation must reproduce them."""
    rows = []
    expected = fitted.predict_proba(x_validation)[:, 1]
    for x, p in zip(x_validation, expected):
        mine = model_json.fake_probability(document, x)
        if abs(mine - p) > 1e-9:
            raise AssertionError(f"JSON model gives {mine!r}, sklearn {p!r}: the exported convention is wrong")
        rows.append((x, p))
    return [{"features": [float(v) for v in x], "fakeProbability": float(p)} for x, p in rows[:CHECK_ROWS]]


def train(paths, data_dir, kind_option):
    started = time.time()
    sources = {}
    if paths["ffpp"]:
        x, y = load_ffpp(paths["ffpp"])
        sources["ffpp"] = (x, y, *split(x, y))
    if paths["faces"]:
        x, y = load_faces(paths["faces"])
        sources["faces"] = (x, y, *split(x, y))
    x_train = np.concatenate([x[t] for x, _, t, _ in sources.values()])
    y_train = np.concatenate([y[t] for _, y, t, _ in sources.values()])
    x_validation = np.concatenate([x[v] for x, _, _, v in sources.values()])

    fitted, results = {}, {}
    for kind in model_json.KINDS:
        fitted[kind] = candidate(kind).fit(x_train, y_train)
        results[kind] = evaluate(fitted[kind], sources)
    print_table(results)
    chosen = kind_option if kind_option != "auto" else max(
        model_json.KINDS, key=lambda k: (results[k]["combined"]["accuracy"], results[k]["combined"]["auc"] or 0))

    document = {"schemaVersion": 1, "featureCount": features.FEATURE_COUNT}
    document.update(model_json.export(chosen, fitted[chosen], CLASSES, "FAKE"))
    document["validation"] = results[chosen]["combined"]
    document["candidates"] = results
    document["training"] = {
        "sources": [{"name": name, "from": os.path.relpath(paths[name], data_dir),
                     "train": int(len(t)), "validation": int(len(v))}
                    for name, (_, _, t, v) in sources.items()],
        "seed": SEED,
        "validationFraction": VALIDATION_FRACTION,
        "chosenBy": "combined validation accuracy, then AUC" if kind_option == "auto" else "--kind",
        "seconds": round(time.time() - started, 1),
        "sklearn": sklearn.__version__,
    }
    document["checks"] = checked_rows(document, fitted[chosen], x_validation)
    return document
