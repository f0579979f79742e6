"""`python -m lienthong.payments.paygov_simulator [--port 8792] [--confirm-url URL] [--return-url URL]`: the
simulated national payment platform."""

import argparse

from lienthong.core.simserver import serve_until_stopped
from lienthong.payments.paygov_simulator.platform import Platform
from lienthong.payments.paygov_simulator.server import platform_simulator_running


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m lienthong.payments.paygov_simulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8792)
    parser.add_argument("--confirm-url", default="http://127.0.0.1:8000/thanh-toan/paygov/confirm/")
    parser.add_argument("--return-url", default="http://127.0.0.1:8000/thanh-toan/ket-qua/")
    args = parser.parse_args(argv)
    platform = Platform(return_url=args.return_url)
    serve_until_stopped(
        platform_simulator_running(host=args.host, port=args.port, platform=platform, confirm_url=args.confirm_url),
        lambda sim: (
            f"National payment platform simulator on {sim.url} (INIT: {sim.init_url}; QUERY: {sim.query_url});"
            f" CONFIRM → {args.confirm_url}"
        ),
    )


if __name__ == "__main__":
    main()
