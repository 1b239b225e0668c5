"""The states of agendas, minutes and meetings, and who may move them. Checked in one place.

The UI shows only the transitions `allowed_transitions` returns; services call
`check_transition`, so a request that skips the UI meets the same rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from raadsrum.core.errors import PermissionDenied, ValidationFailed
from raadsrum.councils.selectors import CHAIRMANSHIP, SECRETARIAT
from raadsrum.meetings.models import Meeting, Minutes


@dataclass(frozen=True)
class Transition:
    """One step: `label` is the button, `done` the outcome said afterwards, `help` (if any)
    explains a step whose label alone does not; `primary` marks the step that moves the
    document along (the page gives it the primary button)."""

    name: str
    source: str
    target: str
    role: str
    label: str
    done: str | Promise = ""
    help: str | Promise = ""
    primary: bool = False


_MINUTES_APPROVED = _("Referatet er godkendt. Sekretariatet kan nu offentliggøre det.")

AGENDA = (
    Transition(
        "approve",
        Meeting.AgendaStatus.DRAFT,
        Meeting.AgendaStatus.APPROVED,
        CHAIRMANSHIP,
        str(_("Godkend dagsordenen")),
        primary=True,
        done=_("Dagsordenen er godkendt. Sekretariatet kan nu offentliggøre den."),
    ),
    Transition(
        "reopen",
        Meeting.AgendaStatus.APPROVED,
        Meeting.AgendaStatus.DRAFT,
        SECRETARIAT,
        str(_("Genåbn dagsordenen")),
        done=_(
            "Dagsordenen er genåbnet og er igen under udarbejdelse. Formandskabet "
            "skal godkende den igen, før den kan offentliggøres."
        ),
        help=_("Genåbn, hvis dagsordenen skal ændres, før den offentliggøres."),
    ),
    Transition(
        "publish",
        Meeting.AgendaStatus.APPROVED,
        Meeting.AgendaStatus.PUBLISHED,
        SECRETARIAT,
        str(_("Offentliggør dagsordenen")),
        primary=True,
        done=_("Dagsordenen er offentliggjort. Alle kan nu læse den på rådets side."),
    ),
)

MINUTES = (
    Transition(
        "send_for_hearing",
        Minutes.Status.DRAFT,
        Minutes.Status.HEARING,
        SECRETARIAT,
        str(_("Send i skriftlig høring")),
        primary=True,
        done=_("Referatet er sendt i skriftlig høring."),
    ),
    Transition(
        "withdraw",
        Minutes.Status.HEARING,
        Minutes.Status.DRAFT,
        SECRETARIAT,
        str(_("Træk tilbage fra høring")),
        done=_("Referatet er trukket tilbage fra høringen og er igen et udkast."),
    ),
    Transition(
        "approve",
        Minutes.Status.HEARING,
        Minutes.Status.APPROVED,
        CHAIRMANSHIP,
        str(_("Godkend referatet")),
        primary=True,
        done=_MINUTES_APPROVED,
    ),
    Transition(
        "approve",
        Minutes.Status.DRAFT,
        Minutes.Status.APPROVED,
        CHAIRMANSHIP,
        str(_("Godkend referatet")),
        primary=True,
        done=_MINUTES_APPROVED,
    ),
    Transition(
        "reopen",
        Minutes.Status.APPROVED,
        Minutes.Status.DRAFT,
        CHAIRMANSHIP,
        str(_("Genåbn referatet")),
        done=_("Referatet er genåbnet og er igen et udkast."),
    ),
    Transition(
        "publish",
        Minutes.Status.APPROVED,
        Minutes.Status.PUBLISHED,
        SECRETARIAT,
        str(_("Offentliggør referatet")),
        primary=True,
        done=_("Referatet er offentliggjort. Alle kan nu læse det på rådets side."),
    ),
)

MEETING = (
    Transition(
        "hold",
        Meeting.Status.PLANNED,
        Meeting.Status.HELD,
        SECRETARIAT,
        str(_("Marker som afholdt")),
        done=_("Mødet er markeret som afholdt."),
    ),
    Transition(
        "cancel",
        Meeting.Status.PLANNED,
        Meeting.Status.CANCELLED,
        SECRETARIAT,
        str(_("Aflys mødet")),
        done=_("Mødet er aflyst. Du kan genindsætte det her, hvis det var en fejl."),
    ),
    Transition(
        "to_chairmanship",
        Meeting.Status.PLANNED,
        Meeting.Status.BY_CHAIRMANSHIP,
        CHAIRMANSHIP,
        str(_("Lad formandskabet behandle punkterne")),
        done=_("Mødet holdes ikke. Formandskabet behandler punkterne på rådets vegne."),
        help=_(
            "Hvis rådsmødet ikke holdes: formandskabet træffer beslutningerne på "
            "rådets vegne, og referatet skrives som for et møde."
        ),
    ),
    Transition(
        "to_written",
        Meeting.Status.PLANNED,
        Meeting.Status.WRITTEN,
        SECRETARIAT,
        str(_("Behandl skriftligt")),
        done=_("Mødet holdes ikke. Punkterne behandles skriftligt."),
        help=_("Hvis rådsmødet ikke holdes: medlemmerne behandler punkterne skriftligt."),
    ),
    Transition(
        "reinstate",
        Meeting.Status.CANCELLED,
        Meeting.Status.PLANNED,
        SECRETARIAT,
        str(_("Genindsæt mødet")),
        done=_("Mødet er genindsat og er igen planlagt."),
    ),
)


def allowed_transitions(
    workflow: tuple[Transition, ...], state: str, roles: frozenset[str]
) -> list[Transition]:
    return [t for t in workflow if t.source == state and t.role in roles]


def check_transition(
    workflow: tuple[Transition, ...], state: str, name: str, roles: frozenset[str]
) -> Transition:
    candidates = [t for t in workflow if t.source == state and t.name == name]
    if not candidates:
        raise ValidationFailed(str(_("Det kan ikke lade sig gøre i den nuværende status.")))
    for transition in candidates:
        if transition.role in roles:
            return transition
    who = _("formandskabet") if candidates[0].role == CHAIRMANSHIP else _("sekretariatet")
    raise PermissionDenied(str(_("Kun %(who)s kan gøre dette.") % {"who": who}))


@dataclass(frozen=True)
class NextStep:
    """What the agenda's state means for this reader, and what happens next.

    `tone` is the alert variant ("info" or "warning"); `public` says whether the public
    page is there to link to.
    """

    heading: str | Promise
    lead: str | Promise
    text: str | Promise
    tone: str = "info"
    public: bool = False


def agenda_next_step(*, state: str, roles: frozenset[str], locked: bool = False) -> NextStep:
    """The agenda's state in words and the next step, for the secretariat, the chairmanship
    or a member (the first of those roles the user has). `locked`: the minutes are approved,
    so the secretariat can no longer change the agenda."""
    next_step = _("Næste skridt:")
    if state == Meeting.AgendaStatus.PUBLISHED:
        heading = _("Dagsordenen er offentliggjort")
        if SECRETARIAT in roles and not locked:
            return NextStep(
                heading,
                _("Bemærk:"),
                _(
                    "Ændringer, du gemmer her, kommer straks med på den offentliggjorte "
                    "dagsorden, som alle kan læse."
                ),
                tone="warning",
                public=True,
            )
        return NextStep(heading, "", _("Alle kan læse den på rådets side."), public=True)
    if state == Meeting.AgendaStatus.APPROVED:
        heading = _("Dagsordenen er godkendt af formandskabet")
        if SECRETARIAT in roles:
            return NextStep(
                heading,
                next_step,
                _(
                    "Sekretariatet kan nu offentliggøre dagsordenen. Skal den ændres først, så "
                    "genåbn den; så skal formandskabet godkende den igen."
                ),
            )
        return NextStep(
            heading,
            next_step,
            _(
                "Sekretariatet kan nu offentliggøre dagsordenen. Indtil da er den et udkast, "
                "som du ser, fordi du er med i rådet; del den ikke."
            ),
            tone="warning",
        )
    heading = _("Udkast: dagsordenen er under udarbejdelse")
    if SECRETARIAT in roles:
        return NextStep(
            heading,
            next_step,
            _(
                "Når dagsordenen er klar, skal formandskabet godkende den. Formandskabet finder "
                "den under Mine råd."
            ),
        )
    if CHAIRMANSHIP in roles:
        return NextStep(
            heading,
            next_step,
            _(
                "Når dagsordenen er klar, skal formandskabet godkende den. Læs punkterne "
                "herunder, og tryk Godkend dagsordenen under Status og handlinger."
            ),
            tone="warning",
        )
    return NextStep(
        heading,
        next_step,
        _(
            "Når dagsordenen er klar, skal formandskabet godkende den, og sekretariatet "
            "offentliggør den. Du ser udkastet, fordi du er med i rådet; del det ikke."
        ),
        tone="warning",
    )
