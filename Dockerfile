FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
# Pango for WeasyPrint; CJK fonts for official forms (and the Fandol 仿宋/宋 faces, GB/T 9704).
COPY scripts/install-fandol.sh /tmp/install-fandol.sh
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig \
      fonts-noto-cjk fonts-arphic-ukai fonts-hanazono \
    && bash /tmp/install-fandol.sh \
    && rm -rf /var/lib/apt/lists/* /tmp/install-fandol.sh
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# Static files into the image: hashed names, a manifest and .gz/.br copies, which WhiteNoise
# serves from gunicorn (bureau/settings.py STORAGES); a missing file referenced by a stylesheet
# fails the build here rather than a page later.
RUN SECRET_KEY=collectstatic-only DJANGO_DEBUG=0 python manage.py collectstatic --noinput -v0
RUN useradd --system --uid 1000 bureau && mkdir -p /app/var && chown -R bureau /app/var
USER bureau
EXPOSE 8000
CMD ["gunicorn", "bureau.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "4", "--access-logfile", "-"]
