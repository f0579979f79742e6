"""The layering of docs/architecture.md holds: import-linter's contracts (pyproject.toml) are all kept — core imports
no app, domain apps no face, dossiers none of its subscribers, nothing the composition root (`launch`)."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_import_contract_is_kept():
    lint_imports = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    # given the contracts in pyproject.toml; when import-linter checks the package
    result = subprocess.run(  # noqa: S603 — a fixed command
        [lint_imports, "--config", str(ROOT / "pyproject.toml")],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    # then every contract is kept (a broken one names the import chain)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout
