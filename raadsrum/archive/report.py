"""What an import found, in plain Danish: the report shown after a dry run or an upload."""

from __future__ import annotations

from dataclasses import dataclass, field

from raadsrum.archive.parsing.document import ParsedDocument

REPAIR_NAMES = {
    "page_furniture": "sidehoveder, sidefødder og sidetal fjernet",
    "repeated_links": "gentagne linkadresser fjernet",
    "split_words": "ord delt over linjer samlet",
    "letter_spaced_words": "ord med mellemrum mellem bogstaverne samlet",
    "font_swaps": "bogstaver byttet af PDF-skrifttypen rettet",
    "split_headings": "overskrifter over to linjer samlet",
    "stacked_labels": "feltnavne i kolonne fordelt på deres tekst",
    "contents_list": "linjer i en liste over punkterne (uden sidetal) ikke læst som punkter",
}


@dataclass
class ImportReport:
    source_name: str
    found: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.warnings and not self.unread

    def lines(self) -> list[str]:
        out = [f"{self.source_name or 'Dokument'}:"]
        out += [f"  {line}" for line in self.found]
        out += [f"  Rettet: {line}" for line in self.repaired]
        out += [f"  Advarsel: {line}" for line in self.warnings]
        out += [f"  Ikke læst: {line}" for line in self.unread]
        return out


def import_report(doc: ParsedDocument) -> ImportReport:
    """The report for one parsed document; it never adds what the document lacks."""
    report = ImportReport(source_name=doc.source_name)
    body = {"council": "rådsmøde", "chairmanship": "formandskabsmøde"}.get(doc.body or "", "møde")
    report.found.append(
        f"{doc.council or 'Ukendt råd'}, {body}, {doc.date or 'uden dato'}"
        + (", virtuelt" if doc.virtual else "")
    )
    decided = sum(1 for item in doc.items if item.fields["decision"].strip())
    report.found.append(
        f"{len(doc.items)} punkter i {len(doc.sections)} afsnit, {decided} med beslutning, "
        f"{sum(len(i.attachments) for i in doc.items)} bilag, {len(doc.attendance)} deltagere, "
        f"{len(doc.links)} links"
    )
    if doc.ended_at:
        report.found.append(f"Mødet sluttede kl. {doc.ended_at}")
    report.repaired = [
        f"{count} {REPAIR_NAMES.get(name, name)}" for name, count in doc.repairs.items()
    ]
    report.warnings = list(doc.warnings)
    report.unread = list(doc.unread)
    return report
