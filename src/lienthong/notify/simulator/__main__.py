"""`python -m lienthong.notify.simulator`: the simulated SMS gateway and Zalo ZNS for the demo and development.

Point notify at them with the settings it prints (docs/notifications.md); `lienthong start` does so by itself when
no provider is configured. Delivery reports are POSTed back when they fall due; `/_sim/program` on either port makes
a phone refuse, fail, answer late or never (see server.py).
"""

import argparse
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from lienthong.core.simserver import serve_until_stopped
from lienthong.notify.simulator.providers import SmsGateway, ZaloZns
from lienthong.notify.simulator.server import provider_running


def settings_for(*, host: str, sms_port: int, zns_port: int) -> dict[str, str]:
    """The environment that points Liên Thông at the simulators."""
    zns_url = f"http://{host}:{zns_port}"
    return {
        "LIENTHONG_SMS_URL": f"http://{host}:{sms_port}", "LIENTHONG_SMS_API_KEY": SmsGateway.API_KEY,
        "LIENTHONG_SMS_SECRET_KEY": SmsGateway.SECRET_KEY, "LIENTHONG_SMS_BRANDNAME": SmsGateway.BRANDNAME,
        "LIENTHONG_ZNS_URL": zns_url, "LIENTHONG_ZNS_OAUTH_URL": zns_url, "LIENTHONG_ZNS_APP_ID": ZaloZns.APP_ID,
        "LIENTHONG_ZNS_SECRET_KEY": ZaloZns.SECRET_KEY, "LIENTHONG_ZNS_OA_SECRET": ZaloZns.OA_SECRET,
        "LIENTHONG_ZNS_REFRESH_TOKEN": "sim-refresh-1",
    }  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m lienthong.notify.simulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--sms-port", type=int, default=8766)
    parser.add_argument("--zns-port", type=int, default=8767)
    parser.add_argument("--zns-callback", default="http://127.0.0.1:8000/thong-bao/bao-nhan/zns/",
                        help="the OA's webhook: where Zalo's delivery events go")  # fmt: skip
    parser.add_argument("--quota", type=int, default=100_000, help="Zalo's daily quota")
    parser.add_argument("--repeat", type=int, default=1, help="post each delivery report this many times")
    parser.add_argument("--verbose", action="store_true", help="log every request")
    options = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if options.verbose else logging.INFO, format="%(message)s")
    sms, zns = SmsGateway(), ZaloZns(daily_quota=options.quota)

    @contextmanager
    def both() -> Iterator[tuple]:
        with (
            provider_running(sms, host=options.host, port=options.sms_port, post=True, repeat=options.repeat) as s,
            provider_running(zns, host=options.host, port=options.zns_port, callback_url=options.zns_callback,
                             post=True, repeat=options.repeat) as z,
        ):  # fmt: skip
            yield s, z

    environment = settings_for(host=options.host, sms_port=options.sms_port, zns_port=options.zns_port)
    serve_until_stopped(both(), lambda servers: f"SMS gateway simulator at {servers[0].url}, Zalo ZNS simulator at "
                        f"{servers[1].url}\n{json.dumps(environment, indent=1)}")  # fmt: skip


if __name__ == "__main__":
    main()
