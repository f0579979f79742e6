"""The README's first command installs the project without its test extra (`pip install -e .`): every module of
src/ must import with only what that install brings — the runtime dependencies and theirs. A module brought only by
the test extra (certomancer brings `requests`, which pyHanko's revocation fetchers import) passed every test and
broke a newcomer's first start (session 9). So: import every module of the project in a fresh interpreter in which
any top-level module that only a distribution outside that install provides cannot be imported."""

import json
import os
import re
import subprocess
import sys
from importlib import metadata

from packaging.markers import default_environment
from packaging.requirements import Requirement


def _key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _runtime_closure() -> set[str]:
    """The distributions `pip install .` brings (normalised names): the project's requirements without extras, and
    theirs, with the extras each requirement names."""
    wanted, seen = [("lienthong", frozenset())], set()
    while wanted:
        name, extras = wanted.pop()
        if (_key(name), extras) in seen:
            continue
        seen.add((_key(name), extras))
        try:
            requirements = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        for text in requirements:
            requirement = Requirement(text)
            asked = extras or frozenset({""})
            if requirement.marker is None or any(
                requirement.marker.evaluate(default_environment() | {"extra": extra}) for extra in asked
            ):
                wanted.append((requirement.name, frozenset(requirement.extras)))
    return {key for key, _extras in seen}


def _modules_outside(closure: set[str]) -> list[str]:
    """Top-level modules that only distributions outside the runtime install provide."""
    outside = []
    for module, distributions in metadata.packages_distributions().items():
        if not {_key(d) for d in distributions} & closure and module not in sys.stdlib_module_names:
            outside.append(module)
    return sorted(outside)


PROBE = r"""
import importlib, importlib.abc, json, os, pkgutil, sys
blocked = set(json.loads(sys.argv[1]))

class NotInstalled(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] in blocked:
            raise ModuleNotFoundError(f"No module named {name!r} (only the test extra installs it)", name=name)
        return None

sys.meta_path.insert(0, NotInstalled())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lienthong.settings")
import django
django.setup()
import lienthong
failed = {}
for module in pkgutil.walk_packages(lienthong.__path__, "lienthong."):
    if module.name.endswith("__main__"):
        continue
    try:
        importlib.import_module(module.name)
    except ModuleNotFoundError as error:
        if error.name and error.name.split(".")[0] in blocked:
            failed[module.name] = str(error)
print(json.dumps(failed))
"""


def test_every_module_imports_with_only_the_runtime_install(tmp_path):
    blocked = _modules_outside(_runtime_closure())
    assert "pytest" in blocked and "django" not in blocked  # the closure is what it should be
    environment = os.environ | {"LIENTHONG_DATA_DIR": str(tmp_path)}
    environment.pop("DATABASE_URL", None)
    done = subprocess.run(  # noqa: S603 — our own probe
        [sys.executable, "-c", PROBE, json.dumps(blocked)], capture_output=True, text=True, env=environment,
        timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {}
