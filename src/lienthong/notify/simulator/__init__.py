"""Local simulators of the SMS brandname gateway and of Zalo ZNS (providers.py, server.py). No Django:

with provider_running(SmsGateway()) as server: ...         # server.url, server.provider
python -m lienthong.notify.simulator --sms-port 8766 --zns-port 8767 --callback-base http://127.0.0.1:8000
"""

from lienthong.notify.simulator.providers import Callback, Outcome, SmsGateway, ZaloZns, zns_signature
from lienthong.notify.simulator.server import ProviderServer, provider_running

__all__ = ["Callback", "Outcome", "ProviderServer", "SmsGateway", "ZaloZns", "provider_running", "zns_signature"]
