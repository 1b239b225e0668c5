"""The REST API under /api/, with its OpenAPI schema at /api/openapi.json and docs at /api/docs.

django-ninja: typed schemas (pydantic) double as validation and as the OpenAPI
document, with far less code than serializers + viewsets for a read-mostly API.
"""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Rådsrum API",
    version="1",
    description=(
        "Offentlige data om de regionale råd: råd, kommuner, møder, dagsordener og referater."
    ),
    urls_namespace="api",
)

api.add_router("/", "raadsrum.councils.api.router")
api.add_router("/", "raadsrum.meetings.api.router")
api.add_router("/", "raadsrum.archive.api.router")
