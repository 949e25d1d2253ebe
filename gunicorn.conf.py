"""Gunicorn settings read from the working directory by default (Dockerfile WORKDIR /app, the
docker-compose web service). The worker count and bind address stay on the command line."""

import logging


def post_worker_init(worker):
    # Each worker discovers and loads the print fonts once, at start: the first 审批单 printed
    # by a worker is then as fast as the rest (bench/README.md, issue 19).
    from apps.printing.render import warm_up

    try:
        seconds = warm_up()
    except Exception:  # a missing font package must not keep the worker from serving pages
        logging.getLogger("gunicorn.error").exception("print warm-up failed")
        return
    worker.log.info("print fonts warmed up in %.2f s", seconds)
