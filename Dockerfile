# Accord's production image: gunicorn serves the app; the same image runs the Celery worker and beat.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY assets ./assets
RUN npm run build

FROM python:3.13-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
# WeasyPrint (the review pack's PDF) lays text out with Pango and HarfBuzz; the PDF is set in DejaVu Sans.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
# Exactly the versions of the lock (`make lock`), each file checked against its hash; then Accord itself.
COPY requirements/production.txt ./requirements/
RUN pip install --no-cache-dir --require-hashes -r requirements/production.txt
COPY pyproject.toml ./
RUN pip install --no-cache-dir --no-deps .
COPY . .
COPY --from=assets /app/static/dist ./static/dist
RUN DJANGO_STATIC_MANIFEST=1 python manage.py collectstatic --noinput --verbosity 0
RUN useradd --create-home accord && mkdir -p var && chown -R accord var
USER accord
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
