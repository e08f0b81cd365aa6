#!/bin/sh
# exago postinst: the unprivileged user the service runs as, and systemd
# told about the units. The service is not started: edit
# /etc/exago/exago.conf, then "systemctl enable --now exago".
set -e
if [ "$1" = configure ]; then
	if ! getent passwd exago >/dev/null; then
		adduser --system --group --no-create-home --home /nonexistent --quiet exago 2>/dev/null ||
			useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin exago
	fi
	chgrp exago /etc/exago/exabgp.env /etc/exago/exago.conf 2>/dev/null || true
	if [ -d /run/systemd/system ]; then
		systemctl daemon-reload >/dev/null || true
	fi
fi
exit 0
