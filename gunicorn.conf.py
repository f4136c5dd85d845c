"""gunicorn's hooks, for every place that starts it (Makefile, Dockerfile, docker-compose):
each passes ``-c gunicorn.conf.py``.

Before forking, the arbiter checks the database and Redis once (``mentorship.ops.startup``)
and refuses to start with a plain message when they cannot be reached. Workers recycled later
by ``--max-requests`` do not re-run it: a brief outage then never stops the site.
"""

import os


def on_starting(server):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship.settings")
    import django

    django.setup()
    from mentorship.ops.startup import require_services

    require_services("web process (gunicorn)")
