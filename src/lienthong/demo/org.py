"""The demo province's organisation from data/*.json: former units and their successors, agencies, heads' terms,
officers and their roles. Everything is written through org.services, in bulk."""

import dataclasses
import datetime as dt
import random
from dataclasses import dataclass

from lienthong.demo.procedures import DemoDataError, load_json
from lienthong.org.constants import Level
from lienthong.org.models import AdministrativeUnit, Agency
from lienthong.org.selectors import unit_list_in_force
from lienthong.org.services import (
    REFORM_2025,
    AgencyRow,
    HeadRow,
    OfficerRow,
    UnitRow,
    agencies_upsert,
    head_assignments_load,
    officer_admin_permissions_grant,
    officer_roles_grant,
    officers_load,
    unit_code,
    units_record_successions,
    units_upsert,
)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


# ---------------------------------------------------------------------------------------------------------------
# Former units (before 1/7/2025) and their successors.


def former_units_load() -> tuple[int, int]:
    """Write the former provinces, districts and communes of data/former_units.json and link each to the units of
    today that took it over; returns (units written, links created)."""
    data = load_json("former_units.json")
    valid_to = _date(data["valid_to"])
    rows, province_from, district_from = [], {}, {}
    for p in data["provinces"]:
        province_from[p["code"]] = _date(p["valid_from"])
        rows.append(UnitRow(Level.PROVINCE, p["code"], p["name"], p["kind"], province_from[p["code"]], valid_to))
    for d in data["districts"]:
        district_from[d["code"]] = start = _date(d["valid_from"])
        parent = (Level.PROVINCE, d["province"], province_from[d["province"]])
        rows.append(UnitRow(Level.DISTRICT, d["code"], d["name"], d["kind"], start, valid_to, parent))
    for c in data["communes"]:
        start = district_from[c["district"]]
        parent = (Level.DISTRICT, c["district"], start)
        rows.append(UnitRow(Level.COMMUNE, c["code"], c["name"], c["kind"], start, valid_to, parent))
    result = units_upsert(rows=rows)
    links = _succession_links(data, result.objects, province_from, district_from)
    return result.written, units_record_successions(links=links)


def _succession_links(data, units, province_from, district_from):
    current = {(u.level, u.code): u for u in unit_list_in_force(on=REFORM_2025).filter(valid_from=REFORM_2025)}

    def today(level: str, code: str) -> AdministrativeUnit:
        unit = current.get((level, unit_code(level=level, number=code)))
        if unit is None:
            raise DemoDataError(f"successor {level} {code} is not among the units in force on {REFORM_2025}")
        return unit

    links = []
    for p in data["provinces"]:
        old = units[(Level.PROVINCE, p["code"], province_from[p["code"]])]
        links += [(old, today(Level.PROVINCE, code)) for code in p["successors"]]
    for d in data["districts"]:
        old = units[(Level.DISTRICT, d["code"], district_from[d["code"]])]
        links += [(old, today(Level.COMMUNE, code)) for code in d["successors"]]
    for c in data["communes"]:
        old = units[(Level.COMMUNE, c["code"], district_from[c["district"]])]
        links += [(old, today(Level.COMMUNE, code)) for code in c["successors"]]
    return links


# ---------------------------------------------------------------------------------------------------------------
# Agencies: the province's bodies, and three per commune (People's Committee, service centre, police).


@dataclass
class DemoAgencies:
    provincial: dict[str, Agency]  # agencies.json key → agency
    commune: dict[tuple[str, str], Agency]  # (commune GSO code, template key) → agency
    communes: list[AdministrativeUnit]  # the province's communes in force, in GSO-code order

    def resolve(self, ref: str) -> Agency:
        """'stp' → a provincial agency; 'commune:26041:ubnd' → that commune's People's Committee."""
        if ref.startswith("commune:"):
            _scope, code, key = ref.split(":")
            return self.commune[(unit_code(level=Level.COMMUNE, number=code), key)]
        return self.provincial[ref]


def _commune_label(unit: AdministrativeUnit) -> str:
    """'Phường Biên Hòa' → 'phường Biên Hòa', as it reads inside an agency's name."""
    return unit.name[:1].lower() + unit.name[1:]


def agencies_load() -> tuple[DemoAgencies, int]:
    data = load_json("agencies.json")
    province = AdministrativeUnit.objects.get(
        level=Level.PROVINCE, code=unit_code(level=Level.PROVINCE, number=data["province_code"]), valid_from=REFORM_2025
    )
    communes = list(unit_list_in_force(on=REFORM_2025, parent=province).filter(level=Level.COMMUNE))
    domain = data["email_domain"]
    codes = {a["key"]: a["code"] for a in data["provincial"]}
    rows = [
        AgencyRow(
            identifier_code=a["code"],
            name=a["name"],
            short_name=a["short_name"],
            kind=a["kind"],
            level=Level.PROVINCE,
            unit=province,
            parent_code=codes[a["parent"]] if a["parent"] else None,
            email=f"{a['key']}@{domain}",
        )
        for a in data["provincial"]
    ]
    commune_codes = {}
    for n, commune in enumerate(communes, start=1):
        label = _commune_label(commune)
        local = {t["key"]: t["code"].format(n=n) for t in data["commune"]}
        for t in data["commune"]:
            scope, _sep, parent_key = t["parent"].partition(":")
            commune_codes[(commune.code, t["key"])] = local[t["key"]]
            rows.append(
                AgencyRow(
                    identifier_code=local[t["key"]],
                    name=t["name"].format(unit=label),
                    short_name=t["short_name"].format(unit=label)[:60],
                    kind=t["kind"],
                    level=Level.COMMUNE,
                    unit=commune,
                    parent_code=codes[parent_key] if scope == "province" else local[parent_key],
                    email=f"{t['key']}.{commune.code}@{domain}",
                )
            )
    result = agencies_upsert(rows=rows)
    agencies = DemoAgencies(
        provincial={key: result.objects[code] for key, code in codes.items()},
        commune={key: result.objects[code] for key, code in commune_codes.items()},
        communes=communes,
    )
    return agencies, result.written


# ---------------------------------------------------------------------------------------------------------------
# Heads: provincial terms as listed; every commune agency's heads generated from the name lists, deterministically.


def heads_load(agencies: DemoAgencies) -> int:
    """Every agency's heads and their terms: the board names the head accountable for each agency's connection,
    so none may be left without one."""
    data = load_json("heads.json")
    rows = []
    for key, terms in data["provincial"].items():
        rows += [
            HeadRow(
                agency=agencies.provincial[key],
                full_name=t["full_name"],
                title=t["title"],
                starts_on=_date(t["starts_on"]),
                ends_on=_date(t.get("ends_on")),
                is_acting=t.get("is_acting", False),
                decision=t.get("decision", ""),
            )
            for t in terms
        ]
    for n, commune in enumerate(agencies.communes, start=1):
        for key in data["commune"]["agencies"]:
            rows += _commune_terms(agencies.commune[(commune.code, key)], commune, key=key, n=n, data=data)
    return head_assignments_load(rows=rows).written


def _commune_terms(agency: Agency, commune: AdministrativeUnit, *, key: str, n: int, data: dict) -> list[HeadRow]:
    """The head in office since the commune was formed and, for a share of agencies, a successor (some acting).

    Seeded by the agency's identifier code, so a rebuild gives every agency the same people; the chairmen keep the
    names earlier builds gave them (`_chairman_name`), so rebuilding an existing demo adds terms, not rivals."""
    spec, commune_data, pools = data["commune"]["agencies"][key], data["commune"], data["commune_chairmen"]
    rng = random.Random(f"heads:{agency.identifier_code}")  # noqa: S311 — reproducible demo data, not secrets
    unit_label = _commune_label(commune)
    kind = commune_data["kinds"].get(commune.kind, unit_label.split()[0])
    named = commune_data["named"].get(f"{commune.code}:{key}")
    first = named or (_chairman_name(n, pools) if key == "ubnd" else _person_name(rng, pools))
    term = HeadRow(
        agency=agency,
        full_name=first,
        title=spec["title"].format(kind=kind),
        starts_on=_date(commune_data["starts_on"]),
        decision=spec["decision"].format(unit=unit_label),
    )
    changes = commune_data["changes"]
    if named or rng.random() >= changes["share"]:
        return [term]
    low, high = (_date(day) for day in changes["between"])
    change = low + dt.timedelta(days=rng.randrange((high - low).days + 1))
    successor = first
    while successor == first:
        successor = _person_name(rng, pools)
    acting = "acting_title" in spec and rng.random() < changes["acting_share"]
    return [
        dataclasses.replace(term, ends_on=change - dt.timedelta(days=1)),
        HeadRow(
            agency=agency,
            full_name=successor,
            title=spec["acting_title" if acting else "title"].format(kind=kind),
            starts_on=change,
            is_acting=acting,
            decision=spec["decision"].format(unit=unit_label),
        ),
    ]


def _chairman_name(n: int, pools: dict) -> str:
    """A deterministic fictional name: the n-th commune always gets the same chairman."""
    pool = pools["female"] if n % pools["every_nth_female"] == 0 else pools["male"]
    surname = pools["surnames"][n % len(pools["surnames"])]
    middle = pool["middle"][(n // 3) % len(pool["middle"])]
    given = pool["given"][(n * 7) % len(pool["given"])]
    return f"{surname} {middle} {given}"


def _person_name(rng: random.Random, pools: dict) -> str:
    """A fictional name drawn as Vietnamese names are spread: Nguyễn for about a third, women about a third."""
    pool = pools["female"] if rng.random() < pools["female_share"] else pools["male"]
    surname = rng.choices(pools["surnames"], weights=pools["surname_weights"])[0]
    middles = [m for m in pool["middle"] + pool["more_middle"] if m != surname]  # no "Hoàng Hoàng Thành"
    given = rng.choice(pool["given"] + pool["more_given"])
    return f"{surname} {rng.choice(middles)} {given}"


# ---------------------------------------------------------------------------------------------------------------
# Officers: accounts for every role, with one precomputed password hash.


def officers_and_roles_load(agencies: DemoAgencies, *, password_hash: str) -> tuple[int, int]:
    data = load_json("officers.json")
    domain = data["email_domain"]
    rows = [
        OfficerRow(
            username=o["username"],
            full_name=o["full_name"],
            email=f"{o['username']}@{domain}",
            is_staff=o.get("staff", False),
            is_superuser=o.get("superuser", False),
        )
        for o in data["officers"]
    ]
    users = officers_load(rows=rows, password_hash=password_hash)
    grants = [
        (users.objects[o["username"]], agencies.resolve(ref), role)
        for o in data["officers"]
        for ref, role in o["roles"]
    ]
    roles = officer_roles_grant(grants=grants)
    _admin_permissions(data["officers"], users.objects)
    return users.created, roles


def _admin_permissions(officers: list[dict], users: dict) -> None:
    for officer in officers:
        if officer.get("admin_apps"):
            officer_admin_permissions_grant(user=users[officer["username"]], app_labels=officer["admin_apps"])
