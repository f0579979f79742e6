"""A local simulator of the VNPAY 2.1.0 contract (pay page, IPN, querydr, refund) with injected faults."""

from lienthong.payments.simulator.bank import Bank, Fault
from lienthong.payments.simulator.server import BankSimulator, bank_simulator_running

__all__ = ["Bank", "BankSimulator", "Fault", "bank_simulator_running"]
