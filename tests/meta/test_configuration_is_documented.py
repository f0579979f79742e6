import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_environment_variable_the_settings_read_is_documented():
    settings_source = (ROOT / "src" / "lienthong" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r'env\(\s*"([A-Z_]+)"', settings_source))
    documented = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert read, "settings.py reads no variable through env(): the pattern above is out of date"
    missing = sorted(name for name in read if f"`{name}`" not in documented)
    assert not missing, f"document these in docs/configuration.md: {missing}"


def test_every_rule_is_documented():
    from lienthong.core.rules import RULES

    documented = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    missing = sorted(key for key in RULES if f"`{key}`" not in documented)
    assert not missing, f"document these rules in docs/configuration.md: {missing}"
