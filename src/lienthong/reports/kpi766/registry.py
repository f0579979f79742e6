"""The Decision 766 indicator definitions, as data: one JSON file per formula version in `definitions/`.

The index changes in practice without a new decision (the portal split one group into two tabs and grew
digitisation to seven metrics), so the formula is versioned and never an `if` in code: a new reading of a rule is
a new file, and the scores of an old version stay what they were. Uncertain rules ([U] in the domain notes) are
fields of the data with a `note` saying why.
"""

import functools
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from lienthong.core.errors import DomainError

DEFINITIONS = Path(str(resources.files("lienthong.reports.kpi766") / "definitions"))
PERIOD_KINDS = ("month", "quarter", "half", "year")


class Kpi766Error(DomainError):
    UNKNOWN_VERSION = "unknown_version"
    INVALID_VERSION = "invalid_version"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Numerator(_Frozen):
    """The sum of `add` minus the sum of `subtract` (satisfaction is 'all minus the unhappy ones')."""

    add: tuple[str, ...] = Field(min_length=1)
    subtract: tuple[str, ...] = ()


class Denominator(_Frozen):
    """The largest of `max_of` (the sync rate takes the larger of two national counts); when that is 0, the
    figure named `fallback`, if any."""

    max_of: tuple[str, ...] = Field(min_length=1)
    fallback: str | None = None


class Indicator(_Frozen):
    code: str
    group: str
    max_points: Decimal = Field(ge=0)
    label_vi: str
    label_en: str
    numerator: Numerator
    denominator: Denominator
    # The rate at which the indicator reaches its maximum: points = max × rate ÷ full_at.
    full_at: Decimal = Field(gt=0, le=1)
    cap_at_max: bool = True
    # Another indicator whose rate multiplies this one's (the online share × the sync rate).
    rate_times: str | None = None
    # Points when the denominator is 0: "zero" (shown as no data) or "max" (no PAKN → full points).
    when_empty: Literal["zero", "max"]
    source: str
    note: str = ""


class Group(_Frozen):
    code: str
    max_points: Decimal = Field(gt=0)
    api_path: str
    legacy_key: str
    label_vi: str
    label_en: str


class Rounding(_Frozen):
    places: int = Field(ge=0, le=6)
    mode: Literal["ROUND_HALF_UP"]


class Counting(_Frozen):
    """The dossier-level rules `counts_from_facts` applies."""

    overdue_at_supplement_count: int = Field(ge=1)
    online_channels: tuple[int, ...]
    paid_online_kinds: tuple[int, ...]
    sync_fallback_divisor: dict[Literal["month", "quarter", "half", "year"], int]
    note: str = ""


class Version(_Frozen):
    version: str
    title: str
    rounding: Rounding
    counting: Counting
    groups: tuple[Group, ...]
    indicators: tuple[Indicator, ...]

    @model_validator(mode="after")
    def _consistent(self) -> "Version":
        groups = {group.code for group in self.groups}
        codes = [indicator.code for indicator in self.indicators]
        if len(set(codes)) != len(codes) or len(groups) != len(self.groups):
            raise ValueError("indicator and group codes must be unique")
        if stray := {indicator.group for indicator in self.indicators} - groups:
            raise ValueError(f"indicators name unknown groups: {sorted(stray)}")
        linked = {indicator.code: indicator.rate_times for indicator in self.indicators}
        for code, other in linked.items():
            # one level only: the engine scores the linked indicators first, so a chain could read a rate unscored
            if other is not None and (other not in linked or linked[other] is not None):
                raise ValueError(f"{code}.rate_times must name an indicator without a rate_times of its own")
        for group in self.groups:
            total = sum((i.max_points for i in self.indicators if i.group == group.code), Decimal(0))
            if total != group.max_points:
                raise ValueError(f"group {group.code}: indicators sum to {total}, not {group.max_points}")
        return self

    @property
    def max_points(self) -> Decimal:
        return sum((group.max_points for group in self.groups), Decimal(0))

    def indicator(self, code: str) -> Indicator:
        return next(indicator for indicator in self.indicators if indicator.code == code)

    def in_group(self, group: str) -> tuple[Indicator, ...]:
        return tuple(indicator for indicator in self.indicators if indicator.group == group)


def available_versions(*, directory: Path = DEFINITIONS) -> list[str]:
    return sorted(path.stem for path in directory.glob("*.json"))


@functools.cache
def load_version(name: str, *, directory: Path = DEFINITIONS) -> Version:
    """The formula version `name` (e.g. `qd766-2026-v1`), read once; an unknown name is an error, never a default."""
    path = directory / f"{name}.json"
    if not path.is_file():
        known = ", ".join(available_versions(directory=directory)) or "none"
        raise Kpi766Error(Kpi766Error.UNKNOWN_VERSION, f"Unknown Decision 766 formula version {name!r}; known: {known}")
    try:
        version = Version.model_validate_json(path.read_bytes())
    except ValidationError as error:
        raise Kpi766Error(Kpi766Error.INVALID_VERSION, f"{path.name}: {error}") from error
    if version.version != name:
        raise Kpi766Error(Kpi766Error.INVALID_VERSION, f"{path.name} declares version {version.version!r}")
    return version
