"""`python -m lienthong.payments.simulator [--port 8790] [--ipn-url URL]`: the simulated bank gateway."""

import argparse
import time

from lienthong.payments.simulator.bank import Bank
from lienthong.payments.simulator.server import bank_simulator_running


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--ipn-url", default="http://127.0.0.1:8000/thanh-toan/vnpay/ipn/")
    args = parser.parse_args()
    with bank_simulator_running(host=args.host, port=args.port, bank=Bank(), ipn_url=args.ipn_url) as sim:
        print(f"Bank gateway simulator on {sim.url} (pay: {sim.pay_url}; api: {sim.api_url}); IPN → {args.ipn_url}")
        while True:
            time.sleep(3600)


if __name__ == "__main__":
    main()
