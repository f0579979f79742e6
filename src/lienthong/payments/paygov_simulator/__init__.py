"""A local simulator of the national payment platform's v1.0.6 contract (INIT, pay page, CONFIRM, QUERY) with
injected faults."""

from lienthong.core.simfaults import Fault
from lienthong.payments.paygov_simulator.platform import Platform
from lienthong.payments.paygov_simulator.server import PlatformSimulator, platform_simulator_running

__all__ = ["Fault", "Platform", "PlatformSimulator", "platform_simulator_running"]
