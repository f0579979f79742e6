"""`python -m lienthong.national.simulator --port 8765`: the simulated national portal for the demo and development.

Point the connector at it with LIENTHONG_NATIONAL_PORTAL_URL=http://127.0.0.1:8765 and the credentials below.
"""

import argparse
import logging

from lienthong.core.simserver import serve_until_stopped
from lienthong.national.simulator.portal import PASSWORD, USERNAME, Portal
from lienthong.national.simulator.server import simulator_running


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m lienthong.national.simulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--username", default=USERNAME)
    parser.add_argument("--password", default=PASSWORD)
    parser.add_argument("--verbose", action="store_true", help="log every request")
    options = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if options.verbose else logging.INFO, format="%(message)s")
    portal = Portal(username=options.username, password=options.password)
    serve_until_stopped(
        simulator_running(host=options.host, port=options.port, portal=portal),
        lambda sim: f"DVCQG simulator at {sim.url} (user {options.username!r}); Ctrl+C stops it.",
    )


if __name__ == "__main__":
    main()
