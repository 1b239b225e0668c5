"""The published list (public, no login) and the secretariat's recommendation and decision.

Public: the councils with a list, a council's current list with search and filters, its
versions, the difference between two versions, downloads (CSV, XLSX, JSON) and an Atom feed.
Staff: two POST actions behind the round page's recommendation step
(`positivelist/rounds/_step_recommendation.html`): put the recommendation on an agenda, and
record the council's decision.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from raadsrum.core.danish import danish_date
from raadsrum.core.errors import Conflict, PermissionDenied, ValidationFailed
from raadsrum.councils.models import Council
from raadsrum.meetings.models import Meeting
from raadsrum.positivelist import list_selectors as selectors
from raadsrum.positivelist import list_services as services
from raadsrum.positivelist.list_export import FORMATS, export_version
from raadsrum.positivelist.list_selectors import CourseFilter, ListDiff
from raadsrum.positivelist.models import CourseKind, ListedCourse, PositiveListVersion, Round

PAGE_SIZE = 50


# --- Public pages ------------------------------------------------------------------------------


def _council_or_404(slug: str) -> Council:
    return get_object_or_404(Council.objects.select_related("successor"), slug=slug)


def list_councils(request: HttpRequest) -> HttpResponse:
    return render(
        request, "positivelist/list/councils.html", {"councils": selectors.councils_with_list()}
    )


FILTER_LABELS = {
    "stilling": gettext_lazy("Stillingsbetegnelse"),
    "udbyder": gettext_lazy("Udbyder"),
    "type": gettext_lazy("Type"),
    "online": gettext_lazy("Online"),
}
OPTIONS_CACHE_SECONDS = 24 * 3600


def _filter_choices(facets: selectors.Facets) -> dict[str, list[tuple[str, str]]]:
    every: list[tuple[str, str]] = [("", _("Alle"))]
    return {
        "stilling": every + [(t, t) for t in facets.job_titles],
        "udbyder": every + [(p, p) for p in facets.providers],
        "type": every + facets.kinds,
        "online": every + [("ja", _("Kun online")), ("nej", _("Kun fremmøde"))],
    }


def _course_filter(request: HttpRequest, facets: selectors.Facets) -> CourseFilter:
    """The visitor's search; a value that is not among the filter's options is ignored."""
    get = request.GET
    job_title = get.get("stilling", "")
    provider = get.get("udbyder", "")
    kind = get.get("type", "")
    return CourseFilter(
        q=get.get("q", "").strip()[:200],
        job_title=job_title if job_title in set(facets.job_titles) else "",
        provider=provider if provider in set(facets.providers) else "",
        kind=kind if kind in {k for k, _label in facets.kinds} else "",
        online={"ja": True, "nej": False}.get(get.get("online", "")),
    )


def _select_fields(
    version: PositiveListVersion, facets: selectors.Facets, filters: CourseFilter
) -> list[dict[str, Any]]:
    """The select boxes with their options as ready HTML.

    A list of 5,000 courses offers hundreds of job titles and providers: rendering each
    option through the template language costs more than the rest of the page, so the
    options are built once per version (and language) and only the chosen one is marked.
    """
    key = (
        f"positivelist:options:v1:{version.pk}:{version.created_at.timestamp():.6f}:"
        f"{get_language()}"
    )
    options: dict[str, str] | None = cache.get(key)
    if options is None:
        options = {
            name: format_html_join("", '<option value="{}">{}</option>', choices)
            for name, choices in _filter_choices(facets).items()
        }
        cache.set(key, options, OPTIONS_CACHE_SECONDS)
    online = {True: "ja", False: "nej"}.get(filters.online, "")  # type: ignore[arg-type]
    chosen = {
        "stilling": filters.job_title,
        "udbyder": filters.provider,
        "type": filters.kind,
        "online": online,
    }
    selects = []
    for name, label in FILTER_LABELS.items():
        html = options[name]
        if chosen[name]:
            marker = format_html('<option value="{}">', chosen[name])
            html = html.replace(marker, marker[:-1] + " selected>", 1)
        selects.append(
            {"name": name, "id": f"filter-{name}", "label": label, "options": mark_safe(html)}
        )
    return selects


def _course_rows(courses: list[ListedCourse]) -> list[dict[str, Any]]:
    """What the table shows, as ready strings (templates do not format numbers)."""
    kinds = dict(CourseKind.choices)
    return [
        {
            "number": c.course_number,
            "title": c.title,
            "provider": c.provider,
            "kind": kinds.get(c.kind, c.kind),
            "duration": selectors.duration_text(c.duration, c.duration_unit),
            "online": _("Ja") if c.is_online else _("Nej"),
            "job_titles": c.job_titles_text.replace(";", ","),
            "added_on": danish_date(c.added_on),
        }
        for c in courses
    ]


def _validity(version: PositiveListVersion, council: Council) -> str:
    """'Gælder fra 1. april 2026 til og med 30. september 2026'; a version nothing replaced
    ends with its council (RAR Nordjylland's last list ended with the council)."""
    end = version.valid_to or council.valid_to
    if end:
        return _("Gælder fra %(start)s til og med %(end)s") % {
            "start": danish_date(version.valid_from),
            "end": danish_date(end),
        }
    return _("Gælder fra %(start)s, indtil rådet beslutter en ny version") % {
        "start": danish_date(version.valid_from)
    }


def list_page(request: HttpRequest, council: str) -> HttpResponse:
    council_obj = _council_or_404(council)
    version = selectors.version_current(council=council_obj)
    if version is None:
        return render(
            request,
            "positivelist/list/list.html",
            {"council": council_obj, "version": None, "owner": council_obj},
        )
    owner = version.positive_list.council
    facets = selectors.course_facets(version=version)
    filters = _course_filter(request, facets)
    courses = selectors.course_list(version=version, filters=filters).only(
        "course_number",
        "title",
        "provider",
        "kind",
        "duration",
        "duration_unit",
        "is_online",
        "job_titles_text",
        "added_on",
    )
    page = Paginator(courses, PAGE_SIZE).get_page(request.GET.get("side"))
    query = urlencode([(k, str(v)) for k, v in request.GET.items() if k != "side" and v])
    return render(
        request,
        "positivelist/list/list.html",
        {
            "council": council_obj,
            "owner": owner,
            "version": version,
            "validity": _validity(version, owner),
            "facets": facets,
            "q": filters.q,
            "selects": _select_fields(version, facets, filters),
            "filtered": not filters.is_empty,
            "page": page,
            "rows": _course_rows(list(page.object_list)),
            "query": query,
            "formats": FORMATS,
        },
    )


def list_versions(request: HttpRequest, council: str) -> HttpResponse:
    council_obj = _council_or_404(council)
    versions = list(selectors.version_list(council=council_obj))
    current = selectors.version_current(council=council_obj)
    rows = []
    for v in versions:
        meeting = v.decision_item.meeting if v.decision_item else None
        published = meeting is not None and (
            meeting.agenda_status == Meeting.AgendaStatus.PUBLISHED
            or getattr(v, "has_published_minutes", False)
        )
        rows.append(
            {
                "version": v,
                "validity": _validity(v, council_obj),
                "meeting": meeting,
                "meeting_url": (
                    reverse(
                        "meetings:meeting",
                        kwargs={"council": meeting.council.slug, "date_slug": meeting.date_slug},
                    )
                    if published and meeting is not None
                    else ""
                ),
                "is_current": current is not None and current.pk == v.pk,
            }
        )
    return render(
        request,
        "positivelist/list/versions.html",
        {"council": council_obj, "rows": rows, "current": current},
    )


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def list_diff(request: HttpRequest, council: str) -> HttpResponse:
    council_obj = _council_or_404(council)
    versions = list(selectors.version_list(council=council_obj))
    if not versions:
        raise Http404(_("Rådet har ingen positivliste."))
    by_number = {v.number: v for v in versions}
    new = by_number.get(_int(request.GET.get("til")) or versions[0].number)
    if new is None:
        raise Http404(_("Versionen findes ikke."))
    wanted_old = _int(request.GET.get("fra"))
    if wanted_old is None:
        old = next((v for v in versions if v.number < new.number), None)
    else:
        old = by_number.get(wanted_old)
        if old is None:
            raise Http404(_("Versionen findes ikke."))
    diff = selectors.list_diff(old=old, new=new)
    return render(
        request,
        "positivelist/list/diff.html",
        {
            "council": council_obj,
            "versions": versions,
            "old": old,
            "new": new,
            "diff": diff,
            "changed": _changed_rows(diff),
        },
    )


FIELD_LABELS = {
    "title": gettext_lazy("titel"),
    "provider": gettext_lazy("udbyder"),
    "kind": gettext_lazy("type"),
    "duration": gettext_lazy("varighed"),
    "duration_unit": gettext_lazy("enhed"),
    "is_online": gettext_lazy("online"),
    "job_titles_text": gettext_lazy("stillingsbetegnelser"),
}


def _shown(field_name: str, row: dict[str, Any]) -> str:
    value = row[field_name]
    if field_name == "kind":
        return str(dict(CourseKind.choices).get(value, value))
    if field_name in {"duration", "duration_unit"}:
        return selectors.duration_text(row["duration"], row["duration_unit"])
    if field_name == "is_online":
        return _("ja") if value else _("nej")
    return str(value)


def _changed_rows(diff: ListDiff) -> list[dict[str, Any]]:
    return [
        {
            "course": change.after,
            "changes": [
                {
                    "label": FIELD_LABELS[f],
                    "before": _shown(f, change.before),
                    "after": _shown(f, change.after),
                }
                for f in change.fields
                if not (f == "duration_unit" and "duration" in change.fields)
            ],
        }
        for change in diff.changed
    ]


def list_download(request: HttpRequest, council: str, format: str) -> HttpResponse:
    council_obj = _council_or_404(council)
    number = _int(request.GET.get("version"))
    if request.GET.get("version") and number is None:
        raise Http404(_("Versionen findes ikke."))
    if number is not None:
        try:
            version: PositiveListVersion | None = selectors.version_get(
                council=council_obj, number=number
            )
        except PositiveListVersion.DoesNotExist:
            raise Http404(_("Versionen findes ikke.")) from None
    else:
        version = selectors.version_current(council=council_obj)
    if version is None:
        raise Http404(_("Rådet har ingen positivliste."))
    exported = export_version(version, format)
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    return response


class ListFeed(Feed):  # type: ignore[type-arg]
    """Atom: one entry per version, with the courses it added, removed and changed."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, council: str) -> Council:  # type: ignore[override]
        return _council_or_404(council)

    def title(self, obj: Council) -> str:
        return _("Positivlisten for %(name)s") % {"name": obj.name}

    def subtitle(self, obj: Council) -> str:
        return _("Nye versioner af positivlisten for den regionale uddannelsespulje")

    def link(self, obj: Council) -> str:
        return reverse("positivelist:list", args=[obj.slug])

    def author_name(self, obj: Council) -> str:
        # Atom requires an author; the council publishes its list.
        return obj.name

    def items(self, obj: Council) -> list[ListDiff]:
        return selectors.feed_versions(council=obj)

    def item_title(self, item: ListDiff) -> str:
        return _("Version %(n)s gælder fra %(start)s: %(added)s tilføjet, %(removed)s fjernet") % {
            "n": item.new.number,
            "start": danish_date(item.new.valid_from),
            "added": len(item.added),
            "removed": len(item.removed),
        }

    def item_description(self, item: ListDiff) -> str:
        from django.utils.html import escape

        parts = []
        for label, rows in ((_("Tilføjet"), item.added), (_("Fjernet"), item.removed)):
            if rows:
                entries = "".join(
                    f"<li>{escape(r['course_number'])} {escape(r['title'])} "
                    f"({escape(r['provider'])})</li>"
                    for r in rows
                )
                parts.append(f"<h2>{escape(label)}</h2><ul>{entries}</ul>")
        if item.changed:
            entries = "".join(
                f"<li>{escape(c.after['course_number'])} {escape(c.after['title'])}</li>"
                for c in item.changed
            )
            parts.append(f"<h2>{escape(_('Ændret'))}</h2><ul>{entries}</ul>")
        return "".join(parts) or escape(_("Ingen ændringer i kurserne."))

    def item_link(self, item: ListDiff) -> str:
        url = reverse("positivelist:list_diff", args=[item.new.positive_list.council.slug])
        query = {"til": item.new.number}
        if item.old is not None:
            query["fra"] = item.old.number
        return f"{url}?{urlencode(query)}"

    def item_guid(self, item: ListDiff) -> str:
        council = item.new.positive_list.council
        created = f"{item.new.created_at:%Y-%m-%d}"
        return f"tag:raadsrum,{created}:positivliste/{council.slug}/v{item.new.number}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: ListDiff) -> Any:
        return item.new.created_at

    def item_updateddate(self, item: ListDiff) -> Any:
        return item.new.created_at


list_feed = ListFeed()


# --- The secretariat's recommendation and decision ----------------------------------------------


def _round_page(round: Round) -> str:
    return reverse("positivelist:round_detail", args=[round.pk]) + "#step-recommendation"


def _ids(values: list[str]) -> list[int]:
    ids = []
    for value in values:
        try:
            ids.append(int(value))
        except ValueError as bad:
            raise ValidationFailed(_("Ugyldigt valg af kursus.")) from bad
    return ids


def _forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "positivelist/list/forbidden.html", {"message": message}, status=403)


@login_required
@require_POST
def recommendation_create(request: HttpRequest, round_id: int) -> HttpResponse:
    round = get_object_or_404(Round.objects.select_related("council"), pk=round_id)
    meeting_id = _int(request.POST.get("meeting"))
    meeting = (
        Meeting.objects.filter(pk=meeting_id, council=round.council).first()
        if meeting_id is not None
        else None
    )
    try:
        if meeting is None:
            raise ValidationFailed(_("Vælg det rådsmøde, hvor indstillingen skal behandles."))
        item = services.recommendation_item_create(round=round, meeting=meeting, by=request.user)
    except PermissionDenied as denied:
        return _forbidden(request, denied.message)
    except (ValidationFailed, Conflict) as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _("Indstillingen er sat på dagsordenen for mødet den %(date)s som punkt %(number)s.")
            % {"date": danish_date(item.meeting.date), "number": item.number},
        )
    return redirect(_round_page(round))


@login_required
@require_POST
def decision_create(request: HttpRequest, round_id: int) -> HttpResponse:
    round = get_object_or_404(Round.objects.select_related("council"), pk=round_id)
    try:
        expected = _int(request.POST.get("expected_version"))
        if expected is None:
            raise ValidationFailed(_("Siden er forældet. Genindlæs den og prøv igen."))
        continuing = (
            _ids(request.POST.getlist("continuing"))
            if request.POST.get("continuing_shown")
            else None
        )
        version = services.round_decide(
            round=round,
            by=request.user,
            decision_text=request.POST.get("decision", ""),
            course_ids_not_approved=_ids(request.POST.getlist("not_approved")),
            continuing_course_ids=continuing,
            expected_version=expected,
        )
    except PermissionDenied as denied:
        return _forbidden(request, denied.message)
    except (ValidationFailed, Conflict) as refused:
        messages.error(request, refused.message)
        return redirect(_round_page(round))
    messages.success(
        request,
        _("Beslutningen er registreret. Version %(n)s af positivlisten gælder fra %(start)s.")
        % {"n": version.number, "start": danish_date(version.valid_from)},
    )
    return redirect(_round_page(round))
