"""A local simulator of the national public service portal's adapter (DVCQG, domain reference §4.1).

The real portal cannot be reached from a developer's machine or from CI; this one speaks the same contract as
JSON over HTTP, validates every record, keeps its state in memory and misbehaves on request. No Django:

    with simulator_running() as sim:          # a free port; sim.url, sim.portal, sim.inject(...), sim.submit(...)
        ...

    python -m lienthong.national.simulator --port 8765
"""

from lienthong.national.simulator.portal import Fault, Portal
from lienthong.national.simulator.server import Simulator, SimulatorServer, simulator_running

__all__ = ["Fault", "Portal", "Simulator", "SimulatorServer", "simulator_running"]
