"""A small world of two councils for other apps' tests: RAR Testland (Frederikshavn and
Aalborg, Region Nordjylland, secretariat "AMK Test") and RAR Andetland (Aarhus), both from
2015, with the member groups DA and FH. The fixtures add people and roles on top.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from raadsrum.councils.models import Council, CouncilArea, MemberGroup, Municipality, Region

START = dt.date(2015, 1, 1)


@dataclass
class TwoCouncils:
    council: Council
    other: Council
    frederikshavn: Municipality
    aalborg: Municipality
    aarhus: Municipality
    da: MemberGroup
    fh: MemberGroup


def two_councils() -> TwoCouncils:
    north = Region.objects.create(code="1081", name="Region Nordjylland")
    middle = Region.objects.create(code="1082", name="Region Midtjylland")
    frederikshavn = Municipality.objects.create(code="813", name="Frederikshavn", region=north)
    aalborg = Municipality.objects.create(code="851", name="Aalborg", region=north)
    aarhus = Municipality.objects.create(code="751", name="Aarhus", region=middle)
    council = Council.objects.create(
        slug="testland",
        name="RAR Testland",
        name_genitive="RAR Testlands",
        kind=Council.Kind.RAR,
        valid_from=START,
        secretariat_name="AMK Test",
        region=north,
    )
    other = Council.objects.create(
        slug="andetland",
        name="RAR Andetland",
        name_genitive="RAR Andetlands",
        kind=Council.Kind.RAR,
        valid_from=START,
        region=middle,
    )
    for municipality in (frederikshavn, aalborg):
        CouncilArea.objects.create(council=council, municipality=municipality, valid_from=START)
    CouncilArea.objects.create(council=other, municipality=aarhus, valid_from=START)
    return TwoCouncils(
        council=council,
        other=other,
        frederikshavn=frederikshavn,
        aalborg=aalborg,
        aarhus=aarhus,
        da=MemberGroup.objects.create(code="DA", name="DA", position=1),
        fh=MemberGroup.objects.create(code="FH", name="FH", position=2),
    )
