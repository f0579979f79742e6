"""`python -m lienthong.payments.receipt_simulator [--port 8791]`: the simulated e-receipt service."""

import argparse
import time

from lienthong.payments.receipt_simulator import ReceiptBook, receipt_simulator_running


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8791)
    args = parser.parse_args()
    with receipt_simulator_running(host=args.host, port=args.port, book=ReceiptBook()) as sim:
        print(f"E-receipt service simulator on {sim.url}")
        while True:
            time.sleep(3600)


if __name__ == "__main__":
    main()
