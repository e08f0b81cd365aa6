#!/bin/sh
# exago postrm: "remove" keeps the configuration files (dpkg conffiles);
# "purge" removes them (dpkg), what the daemon left in /etc/exago and
# /var/log/exago, and the exago user.
set -e
case "$1" in
purge)
	rm -rf /etc/exago /var/log/exago
	if getent passwd exago >/dev/null; then
		deluser --system --quiet exago 2>/dev/null || userdel exago 2>/dev/null || true
	fi
	;;
esac
if [ -d /run/systemd/system ]; then
	systemctl daemon-reload >/dev/null 2>&1 || true
fi
exit 0
