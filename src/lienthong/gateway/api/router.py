from ninja import Header, Router

from lienthong.core.problems import Problem

router = Router(tags=["systems"])

# Every operation may answer these problems (key, scope, rate); each route adds its own.
REFUSALS = {401: Problem, 403: Problem, 429: Problem}
IDEMPOTENCY_KEY = Header(
    alias="Idempotency-Key", min_length=1, max_length=255,
    description="Required on every POST: a unique value per intended operation (e.g. a UUID). Sending the same key "
    "with the same body again returns the stored response; with another body, 422; while the first is in flight, 409.",
    examples=["7f9c2d4e-1b2a-4c3d-9e8f-0a1b2c3d4e5f"],
)  # fmt: skip
