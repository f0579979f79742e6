"""`lienthong.wsgi` without its `gc.freeze()`: the same application, warmed the same way, with every object it froze
put back in the collector's oldest generation — bench/sync's `--gc both` serves half of its slices from this, to
measure what the freeze buys (docs/performance.md, bench/sync)."""

import gc

from lienthong.wsgi import application

gc.unfreeze()

__all__ = ["application"]
