"""Public read API for meetings, agendas and published minutes."""

from ninja import Router

router = Router(tags=["møder"])
