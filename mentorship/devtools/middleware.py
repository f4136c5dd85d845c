"""Server-side figures for the benchmark: how many queries a request ran and how
long the portal spent on it, as response headers. In the middleware only when BENCHMARK=1
(the gunicorn the benchmark starts); it costs a counter per query, so production never
runs it."""

import time

from django.db import connection


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        started = time.perf_counter()
        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Queries"] = str(count)
        response["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.2f}"
        return response
