"""gunicorn's hooks, for every place that starts it (Makefile, Dockerfile, docker-compose):
each passes ``-c gunicorn.conf.py``.

- Before forking, the arbiter checks the database and Redis once (``mentorship.ops.startup``)
  and refuses to start with a plain message when they cannot be reached. Workers recycled
  later by ``--max-requests`` do not re-run it: a brief outage then never stops the site.
- Metrics (``/metrics``) are kept in files shared by all workers, so a scrape that reaches
  any one of them sees the whole server; a dead worker's files are merged away.
- The access log prints each request's id (``X-Request-ID``), as Django's log lines do.
- A worker that has loaded the site freezes what it has imported out of the garbage
  collector's sight: otherwise a full collection, now and then in the middle of a request,
  walks those 220,000 objects that live as long as the worker (130 ms on a busy 2-core host).
"""

import os
import shutil
import tempfile

access_log_format = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms '
    "request_id=%({x-request-id}o)s"
)


def on_starting(server):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship.settings")
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not directory:
        directory = tempfile.mkdtemp(prefix="portal-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = directory
    # Counters start from zero with the server; files of an earlier run would add to them.
    for name in os.listdir(directory):
        if name.endswith(".db"):
            os.remove(os.path.join(directory, name))

    import django

    django.setup()
    from mentorship.ops.startup import require_services

    require_services("web process (gunicorn)")


def post_worker_init(worker):
    import gc

    from django.urls import get_resolver

    _ = get_resolver().url_patterns  # every view module, imported before the freeze
    gc.collect()
    gc.freeze()


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
    if os.path.basename(directory).startswith("portal-metrics-"):
        shutil.rmtree(directory, ignore_errors=True)
