"""Addresses of monitoring: the dashboard and key-figures notes per council, job-centre
insight and the refund model. Each part keeps its own url module; this one includes them.
"""

app_name = "monitoring"

urlpatterns: list = []
