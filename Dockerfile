# GSP Manager image: one image for web (gunicorn), worker and beat (Celery) and the one-shot migrate job.

# --- stage 1: front-end assets from the npm registry, copied into static/vendor/ ----------------------
FROM node:20-bookworm-slim AS assets
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY scripts/ scripts/
RUN node scripts/copy-assets.mjs

# --- stage 2: the Django application ----------------------------------------------------------------
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    GSP_MEDIA_ROOT=/data/media \
    GSP_PRIVATE_ROOT=/data/private
WORKDIR /app

RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin gsp \
    && mkdir -p /data/media /data/private && chown gsp /data/media /data/private

COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY . .
COPY --from=assets /src/static/vendor/ static/vendor/
# The translations' .mo files are not committed: compiled from the .po catalogues with Babel (docs/i18n.md).
RUN python scripts/compile_messages.py
# Hashed, compressed static files served by whitenoise; the key is a throwaway only this build step uses.
RUN DJANGO_DEBUG=0 DJANGO_SECRET_KEY=collectstatic-only-not-a-real-secret \
    DJANGO_EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend python manage.py collectstatic --noinput

USER gsp
EXPOSE 8000
# Worker processes: WEB_CONCURRENCY (read by gunicorn), 3 by default.
ENV WEB_CONCURRENCY=3
CMD ["gunicorn", "gsp.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-", "--timeout", "60"]
