#!/bin/sh
# exago prerm: stop the daemons before their binary goes away.
set -e
if [ "$1" = remove ] && [ -d /run/systemd/system ]; then
	systemctl stop exago.service 'exago@*.service' >/dev/null 2>&1 || true
	systemctl disable exago.service >/dev/null 2>&1 || true
fi
exit 0
