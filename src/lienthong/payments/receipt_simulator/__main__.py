"""`python -m lienthong.payments.receipt_simulator [--port 8791]`: the simulated e-receipt service."""

import argparse

from lienthong.core.simserver import serve_until_stopped
from lienthong.payments.receipt_simulator import ReceiptBook, receipt_simulator_running


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m lienthong.payments.receipt_simulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8791)
    args = parser.parse_args(argv)
    serve_until_stopped(receipt_simulator_running(host=args.host, port=args.port, book=ReceiptBook()),
                        lambda sim: f"E-receipt service simulator on {sim.url}")  # fmt: skip


if __name__ == "__main__":
    main()
