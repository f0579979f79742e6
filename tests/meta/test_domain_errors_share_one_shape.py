"""Issue 11, item 25: eight apps each wrote the same exception (a code, a message, sometimes retry_after or details).
They now subclass `lienthong.core.errors.DomainError`; this test fails if a new copy appears — an exception class
deriving from `Exception` that stores `self.code` itself."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "lienthong"


def copies_in(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.ClassDef):
            continue
        bases = {base.id for base in node.bases if isinstance(base, ast.Name)}
        if "Exception" not in bases:
            continue
        stores_code = any(
            isinstance(target, ast.Attribute) and target.attr == "code"
            and isinstance(target.value, ast.Name) and target.value.id == "self"
            for sub in ast.walk(node) if isinstance(sub, ast.Assign) for target in sub.targets
        )  # fmt: skip
        annotates_code = any(
            isinstance(sub, ast.AnnAssign) and isinstance(sub.target, ast.Name) and sub.target.id == "code"
            for sub in node.body
        )
        if stores_code or annotates_code:
            found.append(node.name)
    return found


def test_no_app_writes_its_own_copy_of_the_domain_error():
    the_one = PACKAGE / "core" / "errors.py"
    copies = {
        path.relative_to(PACKAGE).as_posix(): names
        for path in PACKAGE.rglob("*.py")
        if path != the_one and "migrations" not in path.parts
        if (names := copies_in(path.read_text(encoding="utf-8")))
    }
    assert copies == {}, "subclass lienthong.core.errors.DomainError instead"


def test_a_copy_is_seen():
    source = "class PaymentError(Exception):\n    def __init__(self, code, message):\n        self.code = code\n"
    assert copies_in(source) == ["PaymentError"]
