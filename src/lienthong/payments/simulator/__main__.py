"""`python -m lienthong.payments.simulator [--port 8790] [--ipn-url URL]`: the simulated bank gateway."""

import argparse

from lienthong.core.simserver import serve_until_stopped
from lienthong.payments.simulator.bank import Bank
from lienthong.payments.simulator.server import bank_simulator_running


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m lienthong.payments.simulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--ipn-url", default="http://127.0.0.1:8000/thanh-toan/vnpay/ipn/")
    args = parser.parse_args(argv)
    serve_until_stopped(
        bank_simulator_running(host=args.host, port=args.port, bank=Bank(), ipn_url=args.ipn_url),
        lambda sim: (
            f"Bank gateway simulator on {sim.url} (pay: {sim.pay_url}; api: {sim.api_url}); IPN → {args.ipn_url}"
        ),
    )


if __name__ == "__main__":
    main()
