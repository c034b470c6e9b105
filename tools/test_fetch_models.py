"""tools/fetch_models.py: a fetched model is verified and installed with the user's usual file permissions."""
import hashlib
import os
import stat
import tempfile
import unittest

from tools import fetch_models

HERE = os.path.dirname(os.path.abspath(__file__))


class FetchTest(unittest.TestCase):
    def setUp(self):
        self.repo_file = "models/resnet18-sbi/reference.json"
        with open(os.path.join(HERE, "..", self.repo_file), "rb") as f:
            self.sha = hashlib.sha256(f.read()).hexdigest()
        self.model_dir = tempfile.TemporaryDirectory()
        self.umask = os.umask(0o022)

    def tearDown(self):
        os.umask(self.umask)
        self.model_dir.cleanup()

    def entry(self, sha):
        return {"name": "reference", "path": "sub/reference.json", "repo": self.repo_file, "sha256": sha}

    def test_a_file_from_this_repository_is_installed_readable_by_all_as_the_umask_allows(self):
        error = fetch_models.fetch(self.entry(self.sha), self.model_dir.name, self.model_dir.name, None)
        self.assertIsNone(error)
        mode = stat.S_IMODE(os.stat(os.path.join(self.model_dir.name, "sub", "reference.json")).st_mode)
        self.assertEqual(oct(mode), oct(0o644))

    def test_a_file_whose_hash_differs_is_refused_and_nothing_is_left(self):
        error = fetch_models.fetch(self.entry("0" * 64), self.model_dir.name, self.model_dir.name, None)
        self.assertIn("sha256", error)
        self.assertEqual(os.listdir(os.path.join(self.model_dir.name, "sub")), [])


if __name__ == "__main__":
    unittest.main()
