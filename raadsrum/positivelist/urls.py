"""Addresses of the positive list: public pages under /positivliste/, staff pages under
/sekretariat/positivliste/ and the consultation form under /hoering/<token>/.

Each part of the app keeps its own url module; this one only includes them.
"""

app_name = "positivelist"

urlpatterns: list = [
    # path("", include("raadsrum.positivelist.urls_rounds")),  # helpers add their modules here
]
