"""Bulk upsert: the one loop behind every idempotent loader (units, agencies, heads, the catalogue).

Given each incoming row already paired with the object it matches (or None), create what is new and update only
what differs, in two statements per batch instead of a query per row. Matching stays with the caller, because
each loader has its own natural key.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models

BATCH_SIZE = 500


@dataclass
class BulkResult:
    objects: list[models.Model] = field(default_factory=list)  # in the order given: matched, updated or created
    created: list[models.Model] = field(default_factory=list)
    updated: list[models.Model] = field(default_factory=list)


def bulk_upsert(model: type[models.Model], pairs: Iterable[tuple[models.Model | None, dict[str, Any]]]) -> BulkResult:
    """Create the rows without a match and update the matched ones whose values differ; unchanged rows are left."""
    result, changed_fields = BulkResult(), set()
    for obj, values in pairs:
        if obj is None:
            obj = model(**values)
            result.created.append(obj)
        elif differing := [name for name, value in values.items() if getattr(obj, name) != value]:
            for name in differing:
                setattr(obj, name, values[name])
            result.updated.append(obj)
            changed_fields.update(model._meta.get_field(name).name for name in differing)
        result.objects.append(obj)
    model.objects.bulk_create(result.created, batch_size=BATCH_SIZE)
    if result.updated:
        model.objects.bulk_update(result.updated, sorted(changed_fields), batch_size=BATCH_SIZE)
    return result
