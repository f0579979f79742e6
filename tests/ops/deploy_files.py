"""Reading deploy/compose.yaml as Docker Compose would, without Docker: YAML anchors and merges (PyYAML resolves
them) and `${NAME}`, `${NAME:-default}`, `${NAME:?message}` interpolated from a given environment."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
# What an operator's .env holds for the checks: a host name; the secrets are filled by the tests that need them.
OPERATOR_ENV = {"LIENTHONG_HOST_NAME": "motcua.example.vn"}
_VARIABLE = re.compile(r"\$\{(?P<name>[A-Z0-9_]+)(?:(?P<op>:-|:\?)(?P<arg>[^}]*))?\}")


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))


def interpolate(value: str, environment: dict[str, str]) -> str:
    def one(match: re.Match) -> str:
        name, op, arg = match["name"], match["op"], match["arg"]
        if name in environment:
            return environment[name]
        if op == ":-":
            return arg
        return f"<{name}>"  # a required secret the operator's .env gives

    return _VARIABLE.sub(one, value)


def compose_environment(service: str, environment: dict[str, str] | None = None) -> dict[str, str]:
    """The environment a service's container gets, interpolated."""
    given = {**OPERATOR_ENV, **(environment or {})}
    raw = compose()["services"][service].get("environment", {})
    return {name: interpolate(str(value), given) for name, value in raw.items()}
