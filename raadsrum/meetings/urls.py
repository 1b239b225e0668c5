from django.urls import path, register_converter

from raadsrum.meetings import views


class MeetingDateConverter:
    """`2020-06-04`, or `2020-06-04-2` for the council's second meeting that day."""

    regex = r"\d{4}-\d{2}-\d{2}(?:-\d+)?"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class DocumentKindConverter:
    """The Danish word in the address (`referat`) ↔ the document kind (`minutes`)."""

    regex = "dagsorden|referat"
    KINDS = {"dagsorden": "agenda", "referat": "minutes"}

    def to_python(self, value: str) -> str:
        return self.KINDS[value]

    def to_url(self, value: str) -> str:
        return {kind: word for word, kind in self.KINDS.items()}[value]


class DocumentFormatConverter:
    regex = "pdf|docx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(MeetingDateConverter, "meetingdate")
register_converter(DocumentKindConverter, "documentkind")
register_converter(DocumentFormatConverter, "documentformat")

app_name = "meetings"
urlpatterns = [
    path("raad/", views.council_list, name="council_list"),
    path("raad/<slug:council>/", views.council_page, name="council"),
    path(
        "raad/<slug:council>/bilag/<int:attachment>/", views.attachment_download, name="attachment"
    ),
    path("raad/<slug:council>/<meetingdate:date_slug>/", views.meeting_page, name="meeting"),
    path(
        "raad/<slug:council>/<meetingdate:date_slug>/<documentkind:kind>.<documentformat:format>",
        views.document_download,
        name="document_download",
    ),
]
