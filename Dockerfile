# ClinicFlow: `serve` by default; the same image runs `clinicflow worker`, `migrate`, `staff-key`...
# Build: docker build -t clinicflow .   Run the whole stack: docker compose up (compose.yaml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
# uv, pinned by hash, then exactly the runtime set of uv.lock (no test or browser tooling): the
# image runs what `make test` tested.
COPY scripts/uv-requirements.txt /tmp/uv-requirements.txt
RUN pip install --require-hashes -r /tmp/uv-requirements.txt
# The package and its data (SQL migrations, the demo clinic, the Spanish texts) only: no tests.
COPY pyproject.toml uv.lock README.md ./
COPY src ./src
# PYTHONDONTWRITEBYTECODE above: the bytecode is compiled once here, or each start would compile it.
ENV UV_PROJECT_ENVIRONMENT=/opt/clinicflow \
    UV_COMPILE_BYTECODE=1 \
    UV_PYTHON_DOWNLOADS=never \
    PATH=/opt/clinicflow/bin:$PATH
RUN uv sync --frozen --no-dev --no-editable --python /usr/local/bin/python \
    && useradd --create-home --uid 10001 clinicflow

USER clinicflow
EXPOSE 8000
# Liveness only: readiness (/ready) is for the load balancer, which should stop sending
# deliveries while PostgreSQL or Redis is away rather than restart the container.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=2)"]
# SIGTERM: uvicorn stops taking connections, turns in flight get CLINICFLOW_SHUTDOWN_GRACE_SECONDS.
STOPSIGNAL SIGTERM
CMD ["clinicflow", "serve", "--host", "0.0.0.0", "--port", "8000"]
