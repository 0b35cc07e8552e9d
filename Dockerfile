# Lotse: the bot with long polling (or a webhook with LOTSE_WEBHOOK_URL); data on a volume.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DATABASE_URL=sqlite+aiosqlite:////data/lotse.db

RUN useradd --create-home --uid 10001 lotse && mkdir /data && chown lotse /data
WORKDIR /app
COPY pyproject.toml README.md babel.cfg ./
COPY bot ./bot
COPY scheduler ./scheduler
COPY content ./content
COPY locales ./locales
RUN pip install --no-cache-dir -e ".[postgres]" \
    && pybabel compile --domain messages --directory locales

USER lotse
VOLUME ["/data"]
EXPOSE 8443
STOPSIGNAL SIGTERM
CMD ["python", "-m", "bot", "run"]
