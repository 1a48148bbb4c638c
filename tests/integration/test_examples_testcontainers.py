"""examples/testcontainers/: its Node test (`node --test`) starts ecsemu's image with Testcontainers (the socket
mounted, a wait strategy on /_ecsemu/health) and runs an ECS service through it. Its npm packages come from
scripts/setup (`npm ci`, versions pinned by package-lock.json). Testcontainers' Ryuk helper image is pulled from
Docker Hub, so it is disabled here (TESTCONTAINERS_RYUK_DISABLED=true); the test stops its container itself."""
import os
import shutil
import subprocess
import unittest

from harness import BUSYBOX, SOURCE_DIR, docker, require_docker
from test_container_image import build_test_image

EXAMPLE = os.path.join(SOURCE_DIR, "examples", "testcontainers")


class TestcontainersExample(unittest.TestCase):
    def test_the_node_testcontainers_example_passes(self):
        require_docker()
        missing = shutil.which("node") is None or not os.path.isdir(os.path.join(EXAMPLE, "node_modules"))
        if missing:
            message = "node or examples/testcontainers/node_modules is missing (scripts/setup runs npm ci)"
            if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
                self.fail(message)
            self.skipTest(message)
        tag = build_test_image(type(self))
        before = set(docker("ps", "-a", "-q", "--filter", f"ancestor={tag}", "--filter", "label=org.testcontainers=true").stdout.split())
        env = dict(os.environ, ECSEMU_IMAGE=tag, TEST_IMAGE=BUSYBOX, TESTCONTAINERS_RYUK_DISABLED="true")
        res = subprocess.run(["node", "--test"], cwd=EXAMPLE, env=env, capture_output=True, text=True, timeout=300)
        self.assertEqual(res.returncode, 0, res.stdout[-4000:] + res.stderr[-2000:])
        self.assertIn("# pass 2", res.stdout)
        self.assertIn("# fail 0", res.stdout)
        self.assertEqual(set(docker("ps", "-a", "-q", "--filter", f"ancestor={tag}", "--filter", "label=org.testcontainers=true").stdout.split()), before)


if __name__ == "__main__":
    unittest.main()
