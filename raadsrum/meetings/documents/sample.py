"""RAR Nordjylland's minutes of 4 June 2020 as a `MeetingDocument`, for tests and benchmarks.

The 22 headings, numbers and B/D/O marks are the real ones; the field texts are shortened
from the real minutes, with a list, a table and lettered recommendations added so every
kind of text block is exercised.
"""

from __future__ import annotations

from datetime import date, time

from raadsrum.meetings.documents.model import (
    AttachmentDoc,
    AttendanceGroupDoc,
    AttendeeDoc,
    ItemDoc,
    MeetingDocument,
    SectionDoc,
)

SECTIONS: list[tuple[str, str, bool, list[tuple[str, str, str, bool]]]] = [
    (
        "0",
        "TEMA: Arbejdsmarkedet i lyset af COVID-19",
        True,
        [
            (
                "0A",
                "Arbejdsmarked og beskæftigelsesindsats i lyset af COVID-19 - overblik og "
                "initiativer.",
                "D",
                True,
            ),
        ],
    ),
    (
        "1",
        "Rådets interne fokus: strategi, indsats, opfølgning mv.",
        False,
        [
            ("1.1.1", "Referater til orientering", "O", False),
            ("1.2.1", "Dagsorden for dagens møde", "B", False),
            ("1.3.1", "Valg af Formandskab for RAR", "B", False),
            ("1.4.1", "Årshjul 2020 + up-date på møder og arrangementer", "B", False),
            ("1.5.1", "Rådets strategiseminar og møde i september – ramme og indhold.", "O", False),
        ],
    ),
    (
        "2",
        "Rekruttering/vækst – Nordjylland i balance",
        False,
        [
            (
                "2.1.1",
                "Positivlisten - aktuel tilføjelse af online kurser + proces for oktober "
                "opdatering",
                "B",
                False,
            ),
            (
                "2.2.1",
                "Rådets understøttelse af rekruttering til rengøringsopgaverne i lyset af COVID-19",
                "O",
                False,
            ),
            (
                "2.3.1",
                "Faglært udenlandsk arbejdskraft uden for EU – Rådets rolle og samspil med SIRI",
                "B",
                False,
            ),
            ("2.4.1", "Jobcenterindblik på RAR niveau", "B", False),
            ("2.5.1", "Status på initiativer – mangel og rekruttering", "O", False),
            ("2.6.1", "Intro til kompetenceredskabet", "O", False),
        ],
    ),
    (
        "3",
        "RAR/VEU – koordineret og jobrettet voksenefteruddannelsesindsats",
        False,
        [
            (
                "3.1.1",
                "Status på branchenedslag i 2020 – herunder anvendelse af webinarer",
                "DB",
                False,
            ),
            ("3.2.1", "Fokus på analysebehov og mulig iværksættelse i 2020", "DB", False),
            (
                "3.3.1",
                "Rekruttering gennem partsafklarede og meritgivende opkvalificeringsforløb",
                "DO",
                False,
            ),
        ],
    ),
    (
        "4",
        "Borgere på kanten / Det rummelige arbejdsmarked",
        False,
        [
            ("4.1.1", "COVID-19 – konsekvenser og tiltag for borgere på kanten", "D", False),
        ],
    ),
    (
        "5",
        "Orientering og videndeling",
        False,
        [
            ("5.1.1", "Rådets forvaltningssager + orientering fra Sagsudvalget", "OD", False),
            ("5.2.1", "Orientering fra Formandskabet", "O", False),
            ("5.3.1", "Orientering fra tilforordnede", "O", False),
            ("5.4.1", "Orientering fra sekretariatet", "O", False),
            (
                "5.5.1",
                "Kommunikation – herunder nyhedsbrev og anvendelse nye redskaber i Rådsregi",
                "B",
                False,
            ),
            ("5.6.1", "Eventuelt", "O", False),
        ],
    ),
]

SUMMARY = (
    "Situationen på det nordjyske arbejdsmarked er markant påvirket af neddroslingen af "
    "aktiviteten i en række sektorer som følge af COVID-19. Med suspendering af "
    "beskæftigelsesindsatsen, stigning i ledighed, et højt antal varslinger og "
    "arbejdsfordelinger tegner sig et nyt billede af udfordringer og potentialer i Nordjylland."
)
RECOMMENDATION = (
    "Formandskabet indstiller, at Rådet:\n"
    "A. tager oplæg og materialer til efterretning\n"
    "B. drøfter mulige fokusområder og initiativer som følge af det udfordrede nordjyske "
    "arbejdsmarked\n"
    "C. fastholder Rådets strategi i første omgang, så sekretariatet tager Rådets "
    "kommentarer med ind i forberedelsen af strategidrøftelser til september"
)
DECISION = (
    "Rådet tog oplæg og materialer til efterretning. Rådets bemærkninger i forhold til "
    "fokusområder og initiativer tages med ind i forberedelsen af strategidrøftelser til "
    "september. Indtil da fastholdes Rådets nuværende strategi suppleret med Rådets "
    "**beredskabsindsats**."
)
PRESENTATION = (
    "Som en naturlig konsekvens af de markante ændringer på arbejdsmarkedet har der været "
    "særlig stor efterspørgsel på Rådets viden om den regionale udvikling. Væsentlige "
    "ændringer i løbet af kort tid udfordrer ikke kun arbejdsmarkedet i sig selv, men også "
    "mulighederne for at beskrive det med udgangspunkt i ”de sædvanlige” datakilder.\n\n"
    "Af COVID-19-notatet fremgår det blandt andet:\n\n"
    "- At ledigheden i Nordjylland er steget med 5.000 personer.\n"
    "- Unge under 30 år og dem med mindst uddannelse er relativt hårdest ramt af ledighed.\n"
    "- Efter en periode med et stort fald i antallet af stillingsopslag på Jobnet er der "
    "kommet mange nye opslag i løbet af maj – særligt i Nordjylland.\n"
    "- 13.787 nordjyder var pr. 11. maj 2020 hjemsendt med lønkompensation. Det svarer til "
    "7,8 % af de privatansatte i RAR-området.\n\n"
    "| Kommune | Bruttoledige marts | Bruttoledige maj | Ændring |\n"
    "|---|---:|---:|---:|\n"
    "| Aalborg | 6.912 | 8.843 | 1.931 |\n"
    "| Hjørring | 1.802 | 2.390 | 588 |\n"
    "| Frederikshavn | 1.455 | 1.987 | 532 |\n"
    "| Thisted | 702 | 1.011 | 309 |\n\n"
    "Kort om Nøgletalsnotatet: Notatet belyser i hovedtræk arbejdsmarkedet før "
    "corona-situationen. Her var arbejdsmarkedet i Nordjylland i rimelig form, men der var "
    "(som nævnt på tidligere møder) tegn på en afmatning. Se mere på "
    "[rar-bm.dk](https://rar-bm.dk/rar-nordjylland/nyheder/).\n\n"
    "En egentlig strategidrøftelse i Rådet – med henblik på mulig justering – tages på "
    "Rådets seminar i september, hvor data-overblik og faktiske konsekvenser i forhold til "
    "arbejdsmarkedet er styrket og træder tydeligere frem. Input vedrørende fokusområder og "
    "initiativer fra Rådets drøftelse på juni-mødet tages med ind i forberedelsen af Rådets "
    "strategidrøftelser til september."
)
NEXT_STEPS = (
    "Sekretariatet følger op på Rådets drøftelse og vender tilbage på mødet i september. "
    "Nyheder om *positivlisten* sendes til jobcentre, a-kasser og uddannelsesinstitutioner."
)
BACKGROUND = (
    "Rådets Formandskab har besluttet, at Rådsmødet indledes med et særligt fokuspunkt om "
    "arbejdsmarkedet lige nu. Der afsættes mindst 40 minutter til punktet."
)


def sample_minutes(kind: str = "minutes") -> MeetingDocument:
    """The 22-item minutes (or, with kind="agenda", the agenda) of 4 June 2020."""
    sections = []
    for s_number, s_title, is_theme, items in SECTIONS:
        item_docs = []
        for n, (number, title, kinds, presentation) in enumerate(items):
            rich = n % 2 == 0
            item_docs.append(
                ItemDoc(
                    number=number,
                    title=title,
                    kinds=kinds,
                    has_presentation=presentation,
                    summary=SUMMARY,
                    recommendation=RECOMMENDATION if "B" in kinds or rich else "",
                    decision=DECISION if kind == "minutes" else "",
                    presentation=PRESENTATION if rich else PRESENTATION.split("\n\n")[0],
                    next_steps=NEXT_STEPS if "B" in kinds else "",
                    background=BACKGROUND if number == "0A" else "",
                    attachments=[
                        AttachmentDoc(
                            f"{number}.1",
                            "Nøgletalsnotat for Nordjylland, maj 2020",
                            "https://rar-bm.dk/bilag/noegletal.pdf",
                        ),
                        AttachmentDoc(f"{number}.2", "COVID-19 – særligt notat om ledighed"),
                    ]
                    if rich
                    else [],
                )
            )
        sections.append(SectionDoc(s_number, s_title, item_docs, is_theme))
    attendance = [
        AttendanceGroupDoc(
            "DA",
            [
                AttendeeDoc("Birgit Frederiksen"),
                AttendeeDoc("Hanne Toppenberg"),
                AttendeeDoc("Ann Poulsen"),
                AttendeeDoc("Susanne Nielsen"),
            ],
        ),
        AttendanceGroupDoc(
            "FH",
            [
                AttendeeDoc("Lars Christensen", "", "tidligere LO"),
                AttendeeDoc("Kim Jacobsen", "", "tidligere LO"),
                AttendeeDoc("Søren Eriksen", "", "tidligere FTF"),
            ],
        ),
        AttendanceGroupDoc(
            "Kommunerne", [AttendeeDoc("John Karlsson"), AttendeeDoc("Lars Jørgen Holt")]
        ),
        AttendanceGroupDoc("Regionsrådet", [AttendeeDoc("Bente Bang")]),
        AttendanceGroupDoc("Tilforordnede", [AttendeeDoc("Peter Thomsen", "AMU")]),
        AttendanceGroupDoc(
            "Baglande", [AttendeeDoc("Netta Ben-Yedidia"), AttendeeDoc("Anne Kirsten Olesen")]
        ),
        AttendanceGroupDoc(
            "Fra sekretariatet",
            [
                AttendeeDoc("Anders Stryhn"),
                AttendeeDoc("Henrik Christensen", "", "sidste halvdel af mødet"),
                AttendeeDoc("Kristoffer Brix Andersson"),
            ],
        ),
        AttendanceGroupDoc(
            "Oplægsholdere", [AttendeeDoc("Lars Pilgaard"), AttendeeDoc("Lasse Jungberg")]
        ),
    ]
    return MeetingDocument(
        kind="minutes" if kind == "minutes" else "agenda",
        council_name="RAR Nordjylland",
        council_name_genitive="RAR Nordjyllands",
        secretariat_name="Arbejdsmarkedskontor Midt-Nord",
        body_name="RAR Nordjylland",
        body_name_genitive="RAR Nordjyllands",
        date=date(2020, 6, 4),
        start_time=time(10, 0),
        end_time=time(12, 0),
        ended_at=time(11, 55) if kind == "minutes" else None,
        location="Skype",
        is_virtual=True,
        note=(
            "- Grundet COVID-19 instrukser i forhold til fremmøde blev mødet holdt virtuelt "
            "via Skype\n"
            "+ Indledende oplæg/drøftelse om Arbejdsmarked og beskæftigelsesindsats i lyset "
            "af COVID-19"
        ),
        sections=sections,
        attendance=attendance if kind == "minutes" else [],
    )
