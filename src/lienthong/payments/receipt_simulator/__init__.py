"""A local simulator of an e-receipt (biên lai điện tử) service, with injected faults (docs/payments.md)."""

from lienthong.payments.receipt_simulator.server import ReceiptSimulator, receipt_simulator_running
from lienthong.payments.receipt_simulator.service import ACCOUNT, PASSWORD, Fault, ReceiptBook

__all__ = ["ACCOUNT", "PASSWORD", "Fault", "ReceiptBook", "ReceiptSimulator", "receipt_simulator_running"]
