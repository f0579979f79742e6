"""`python -m lienthong.payments.paygov_simulator [--port 8792] [--confirm-url URL] [--return-url URL]`: the
simulated national payment platform."""

import argparse
import time

from lienthong.payments.paygov_simulator.platform import Platform
from lienthong.payments.paygov_simulator.server import platform_simulator_running


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8792)
    parser.add_argument("--confirm-url", default="http://127.0.0.1:8000/thanh-toan/paygov/confirm/")
    parser.add_argument("--return-url", default="http://127.0.0.1:8000/thanh-toan/ket-qua/")
    args = parser.parse_args()
    platform = Platform(return_url=args.return_url)
    with platform_simulator_running(host=args.host, port=args.port, platform=platform,
                                    confirm_url=args.confirm_url) as sim:  # fmt: skip
        print(
            f"National payment platform simulator on {sim.url} (INIT: {sim.init_url}; QUERY: {sim.query_url});"
            f" CONFIRM → {args.confirm_url}"
        )
        while True:
            time.sleep(3600)


if __name__ == "__main__":
    main()
