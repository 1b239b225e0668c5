import pytest
from raadsrum.archive.services import document_import, import_user
from raadsrum.archive.tests.conftest import SAMPLES
from raadsrum.councils.services import reference_load

@pytest.mark.django_db
def test_smoke(words):
    reference_load()
    user = import_user()
    for p in sorted(SAMPLES.glob("*.txt")):
        r = document_import(data=p.read_bytes(), filename=p.name, by=user)
        print(r.status, r.message, r.meeting_address)
        print("\n".join(r.lines()))
        if r.meeting:
            print([(i.number, i.title[:20], i.kinds, i.has_presentation) for i in r.meeting.items.order_by("section__position","position")])
    r = document_import(data=p.read_bytes(), filename=p.name, by=user)
    print(r.status, r.message)
