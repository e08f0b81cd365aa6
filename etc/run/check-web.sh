#!/bin/sh
# Health check of etc/healthcheck.options: healthy (exit 0) while the web
# server answers WEB_URL with a 2xx status. exago healthcheck kills it (and
# what it started) after --timeout seconds.
exec curl -sf -o /dev/null --max-time 2 "${WEB_URL:-http://127.0.0.1:8080/}"
