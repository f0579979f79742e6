"""The faults a simulated provider injects into the callbacks it sends us (the bank gateway's IPN, the national
payment platform's CONFIRM): one queue and one sending pipeline, parameterised by the callback's amount field, its
signature field and the provider's signer, so that each simulator only says how its callback looks.

- `delay`: the next callback waits `seconds` (over HTTP);
- `duplicate`: the next callback is sent `times` times;
- `out_of_order`: the next callback is held and sent after the following one;
- `tamper`: before the next genuine callback, a forged one (amount multiplied by ten, signature not recomputed);
- `wrong_amount`: before the next genuine callback, one correctly signed with a lower amount;
- `timeout`: taken by the simulator for its own API's next answer (`take_timeout`).

Callbacks go through `sender` (an HTTP request to our callback address, answered in a thread of its own) or, with no
sender, are collected for a test to deliver in the order sent. Standard library only, like `core.simserver`."""

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

FAULT_KINDS = ("delay", "duplicate", "out_of_order", "tamper", "wrong_amount", "timeout")


@dataclass
class Fault:
    kind: str
    seconds: float = 0.0
    times: int = 2

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault {self.kind!r}; one of {', '.join(FAULT_KINDS)}")


@dataclass
class CallbackFaults:
    """A simulator's callbacks and the faults queued for them. A subclass names `amount_field`, `signature_field`
    and `wrong_amount_step` (how much lower a wrong amount is, in the field's own unit) and implements
    `callback_signature` (the provider's signer over a callback without its signature field)."""

    amount_field: ClassVar[str]
    signature_field: ClassVar[str]
    wrong_amount_step: ClassVar[int] = 1

    faults: list[Fault] = field(default_factory=list)
    collected: list[dict[str, str]] = field(default_factory=list)  # when no sender is set
    sent: list[tuple[dict[str, str], Any]] = field(default_factory=list)  # (callback, our reply) over HTTP
    held: list[dict[str, str]] = field(default_factory=list)
    sender: Callable[[dict[str, str]], Any] | None = None
    lock: threading.RLock = field(default_factory=threading.RLock)

    def callback_signature(self, params: dict[str, str]) -> str:
        raise NotImplementedError

    def inject(self, *faults: Fault) -> None:
        with self.lock:
            self.faults.extend(faults)

    def faults_reset(self) -> None:
        with self.lock:
            self.faults.clear(), self.collected.clear(), self.sent.clear(), self.held.clear()

    def take_timeout(self) -> float:
        with self.lock:
            fault = self._take("timeout")
        return fault.seconds if fault else 0.0

    def _take(self, *kinds: str) -> Fault | None:
        for index, fault in enumerate(self.faults):
            if fault.kind in kinds:
                return self.faults.pop(index)
        return None

    def emit(self, genuine: dict[str, str]) -> None:
        """Send a genuine callback, shaped by the faults queued (the caller holds `lock`)."""
        amount = self.amount_field
        batch: list[dict[str, str]] = []
        if self._take("tamper"):
            batch.append(dict(genuine, **{amount: str(int(genuine[amount]) * 10)}))  # the genuine signature: no match
        if self._take("wrong_amount"):
            wrong = {k: v for k, v in genuine.items() if k != self.signature_field}
            wrong[amount] = str(int(genuine[amount]) - self.wrong_amount_step)
            batch.append(wrong | {self.signature_field: self.callback_signature(wrong)})
        duplicate = self._take("duplicate")
        batch.extend([genuine] * (duplicate.times if duplicate else 1))
        delay = self._take("delay")
        if self._take("out_of_order"):
            self.held.extend(batch)  # sent after the next payment's
            return
        released, self.held = self.held, []
        for params in batch + released:
            self._deliver(params, delay=delay.seconds if delay else 0.0)

    def _deliver(self, params: dict[str, str], *, delay: float) -> None:
        if self.sender is not None:
            threading.Thread(target=self._send_later, args=(params, delay), daemon=True).start()
        else:
            self.collected.append(params)

    def _send_later(self, params: dict[str, str], delay: float) -> None:
        if delay:
            threading.Event().wait(delay)
        reply = self.sender(params) if self.sender else None
        with self.lock:
            self.sent.append((params, reply))

    def flush(self) -> None:
        """Send what is held back (the last out-of-order callbacks)."""
        with self.lock:
            released, self.held = self.held, []
            for params in released:
                self._deliver(params, delay=0.0)

    def collected_take(self) -> list[dict[str, str]]:
        with self.lock:
            taken, self.collected[:] = list(self.collected), []
            return taken
