"""Template helpers for the DKFDS page frame: icons from the vendored sprite, current menu item."""

from __future__ import annotations

from django import template
from django.templatetags.static import static
from django.utils.html import format_html

register = template.Library()

SPRITE = "vendor/dkfds/img/all-svg-icons.svg"


@register.simple_tag
def icon(name: str, label: str = "", classes: str = "") -> str:
    """A DKFDS icon from the sprite; decorative (hidden from screen readers) unless labelled."""
    css = f"icon-svg {classes}".strip()
    href = f"{static(SPRITE)}#{name}"
    if label:
        return format_html(
            '<svg class="{}" focusable="false" role="img" aria-label="{}">'
            '<use href="{}"></use></svg>',
            css,
            label,
            href,
        )
    return format_html(
        '<svg class="{}" focusable="false" aria-hidden="true"><use href="{}"></use></svg>',
        css,
        href,
    )


_POSITIVELIST_STAFF = tuple(
    f"positivelist:{name}"
    for name in (
        "round",
        "consultation_open",
        "consultation_invite",
        "invitation",
        "balance",
        "organisation",
        "screening",
        "recommendation",
        "decision",
        "pool_import",
        "siri",
    )
)


@register.simple_tag(takes_context=True)
def nav_section(context: template.Context) -> str:
    """Which main-menu entry the page belongs to: 'home', 'councils', 'archive',
    'positivelist', 'monitoring', 'mine', 'cases' or ''."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    name = match.view_name
    if name == "core:home":
        return "home"
    if name.startswith("staff:"):
        return "mine"
    if name.startswith("cases:"):
        return "cases"
    if name.startswith("meetings:"):
        return "councils"
    if name.startswith("monitoring:"):
        return "monitoring"
    if name.startswith("positivelist:"):  # the secretariat's round pages count as "Mine råd"
        return "mine" if name.startswith(_POSITIVELIST_STAFF) else "positivelist"
    if name.startswith("archive:"):  # the search; the upload is staff's (`archive_upload:`)
        return "archive"
    return ""


@register.filter
def alert_variant(level_tag: str) -> str:
    """Django message level → DKFDS alert variant."""
    return {
        "debug": "info",
        "info": "info",
        "success": "success",
        "warning": "warning",
        "error": "error",
    }.get(level_tag, "info")
