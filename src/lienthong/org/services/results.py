"""What a bulk write reports back: the same shape for units, agencies, heads' terms and officers, so the demo
builder and imports can count rows written without knowing which kind they wrote."""

from dataclasses import dataclass, field


@dataclass
class UpsertResult:
    created: int = 0
    updated: int = 0
    objects: dict = field(default_factory=dict)

    @property
    def written(self) -> int:
        return self.created + self.updated
