# Mentorship portal: one image for web (gunicorn), Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint needs Pango/HarfBuzz; Liberation Serif has Times New Roman's metrics (official orders).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
        fonts-liberation2 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

COPY . /app
RUN pip install --upgrade pip && pip install /app

# Static files are baked into the image (served by whitenoise); collectstatic needs no secret.
RUN DEBUG=0 python manage.py collectstatic --noinput

RUN useradd --system --uid 1000 --user-group --create-home --home-dir /home/app app \
    && mkdir -p /app/media \
    && chown -R app:app /app/media

USER app

EXPOSE 8000

# gunicorn.conf.py: the start-up check and metrics shared by the workers. A worker is replaced
# after about a thousand requests, so memory that creeps up in a long-lived process is freed.
CMD ["gunicorn", "mentorship.wsgi:application", "-c", "gunicorn.conf.py", "-b", "0.0.0.0:8000", \
     "-w", "3", "--max-requests", "1000", "--max-requests-jitter", "100", "--access-logfile", "-"]
