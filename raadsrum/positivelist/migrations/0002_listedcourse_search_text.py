"""ListedCourse.search_text: the casefolded text the public list searches, filled for the
rows already there (new rows get it when they are written, see list_services)."""

import unicodedata

from django.db import migrations, models


def _fold(text):
    # A frozen copy of list_selectors.search_fold / course_search_text: a migration must
    # not change when the app's code does.
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


def fill_search_text(apps, schema_editor):
    ListedCourse = apps.get_model("positivelist", "ListedCourse")
    batch = []
    rows = ListedCourse.objects.only(
        "pk", "course_number", "title", "provider", "job_titles_text"
    ).order_by("pk")
    for course in rows.iterator(chunk_size=2000):
        parts = (course.course_number, course.title, course.provider, course.job_titles_text)
        course.search_text = _fold("\n".join(" ".join(p.split()) for p in parts if p.strip()))
        batch.append(course)
        if len(batch) >= 1000:
            ListedCourse.objects.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        ListedCourse.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("positivelist", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="listedcourse",
            name="search_text",
            field=models.TextField(
                blank=True, default="", editable=False, verbose_name="søgetekst"
            ),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop, elidable=True),
    ]
