"""`lienthong gateway_key`: a connected system and a key for development, or a key for an existing system.

    lienthong gateway_key --agency 000.00.99.H19 --system "Một cửa phường" --scope dossiers:read --scope dossiers:write
    lienthong gateway_key --rotate <prefix>      lienthong gateway_key --revoke <prefix>

The key is printed once: only its hash is kept.
"""

from django.core.management.base import BaseCommand, CommandError

from lienthong.gateway.constants import Scope, SystemKind
from lienthong.gateway.errors import GatewayError
from lienthong.gateway.models import ApiKey, ConnectedSystem
from lienthong.gateway.services.credentials import key_create, key_revoke, key_rotate, system_create
from lienthong.org.models import Agency


class Command(BaseCommand):
    help = "Create a connected system and an API key (printed once), or rotate or revoke a key."

    def add_arguments(self, parser):
        parser.add_argument("--agency", help="identifier code (QCVN 102) of the system's agency")
        parser.add_argument("--system", help="the system's name (created if the agency has none by that name)")
        parser.add_argument("--kind", default=SystemKind.ONE_STOP, choices=SystemKind.values)
        parser.add_argument("--vendor", default="")
        parser.add_argument("--scope", action="append", choices=Scope.values, help="repeat for several (default: all)")
        parser.add_argument("--rate", default="", help="count/seconds, e.g. 600/60 (default: the setting)")
        parser.add_argument("--rotate", metavar="PREFIX", help="rotate this key: print its successor")
        parser.add_argument("--revoke", metavar="PREFIX", help="revoke this key")

    def handle(self, *args, **options):
        label = "cli"
        try:
            if options["revoke"]:
                key_revoke(key=self._key(options["revoke"]), actor_label=label)
                self.stdout.write(f"revoked {options['revoke']}")
                return
            if options["rotate"]:
                issued = key_rotate(key=self._key(options["rotate"]), actor_label=label)
            else:
                issued = key_create(system=self._system(options), scopes=options["scope"] or Scope.values,
                                    rate=options["rate"], actor_label=label)  # fmt: skip
        except GatewayError as exc:
            raise CommandError(exc.message) from exc
        key = issued.key
        self.stdout.write(f"system: {key.system.name} ({key.system.agency.identifier_code})")
        self.stdout.write(f"prefix: {key.prefix}  scopes: {' '.join(key.scopes)}")
        self.stdout.write("key (shown once, keep it secret):")
        self.stdout.write(issued.token)

    def _key(self, prefix: str) -> ApiKey:
        key = ApiKey.objects.select_related("system__agency").filter(prefix=prefix).first()
        if key is None:
            raise CommandError(f"no key with prefix {prefix}")
        return key

    def _system(self, options) -> ConnectedSystem:
        if not options["agency"] or not options["system"]:
            raise CommandError("--agency and --system are needed to create a key")
        agency = Agency.objects.filter(identifier_code=options["agency"]).first()
        if agency is None:
            raise CommandError(f"no agency with identifier code {options['agency']}")
        system = ConnectedSystem.objects.filter(agency=agency, name=options["system"]).first()
        return system or system_create(agency=agency, name=options["system"], kind=options["kind"],
                                       vendor=options["vendor"])  # fmt: skip
