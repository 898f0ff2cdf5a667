# The unionkb API (and CLI) image, used by docker-compose.yml.
#   docker build -t unionkb:local .
#   docker run --rm -p 127.0.0.1:8000:8000 unionkb:local unionkb demo --host 0.0.0.0
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Metadata first, code after: the dependency layer is rebuilt only when they change.
COPY pyproject.toml README.md ./
COPY crawler ./crawler
COPY indexer ./indexer
COPY api ./api
COPY web ./web
RUN pip install -U pip && pip install ".[es]"

RUN useradd --create-home --uid 1000 unionkb \
    && mkdir -p /data \
    && chown unionkb:unionkb /data
USER unionkb

# Build jieba's dictionary cache now, not on the first request of every container.
RUN python -c "from indexer.search.analysis import analyze; analyze('工会驿站')"

ENV UNIONKB_HOME=/data
VOLUME ["/data"]
EXPOSE 8000
CMD ["unionkb", "serve", "--host", "0.0.0.0", "--port", "8000"]
