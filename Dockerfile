# runclub-bot in two stages. The builder installs the pinned dependencies into a venv (a layer
# rebuilt only when pyproject.toml or constraints.txt change), then the bot itself; the runtime
# stage gets that venv and nothing else, and runs as a fixed non-root user.
# README.md, "Run it with Docker", shows `docker build` and `docker run`.

FROM python:3.11-slim AS builder
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
# The runtime dependencies of pyproject.toml, at the versions pinned in constraints.txt (the
# file the Makefile installs from too); tzdata is one of them, for zoneinfo.
COPY pyproject.toml constraints.txt ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > requirements.txt \
    && pip install -c constraints.txt -r requirements.txt
COPY README.md ./
COPY bot ./bot
RUN pip install -c constraints.txt .

FROM python:3.11-slim
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
# A fixed uid and gid, so that the volume's ownership is the same on every host. The bot runs
# in /app, where the default relative paths land on the volume (data/ -> /data) and the
# default config file is the read-only mount (config.toml -> /config/config.toml; without
# one the bot starts on defaults).
RUN groupadd --gid 10001 runclub \
    && useradd --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin runclub \
    && mkdir -p /app /data /config \
    && chown 10001:10001 /data \
    && ln -s /data /app/data \
    && ln -s /config/config.toml /app/config.toml
COPY --from=builder /opt/venv /opt/venv
# Matplotlib keeps its font cache under $MPLCONFIGDIR, else under $HOME, and the bot's user has
# no home: each chart worker (and the console's first chart) would print two bare warnings on
# stderr and build the cache again in a temporary folder. The cache is built here, once, in a
# folder the bot's user may write to.
ENV MPLCONFIGDIR=/opt/matplotlib
RUN python -c "import matplotlib.font_manager" \
    && chown -R 10001:10001 /opt/matplotlib
WORKDIR /app
VOLUME ["/data"]
USER 10001:10001
# The bot rewrites data/heartbeat every 30 s from its event loop; older than
# [health] max_age_seconds (90 s) means the loop has stopped making progress.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["runclub-bot", "healthcheck"]
# Exec form: the bot is PID 1 and gets SIGTERM from `docker stop` itself.
CMD ["runclub-bot"]
