#!/usr/bin/env bash
# Builds exago's Debian package, installs it with dpkg -i, runs the
# installed binary, then removes it (configuration kept) and purges it
# (configuration gone). Needs root; .ci/run calls it.
set -euo pipefail
cd "$(dirname "$0")"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
deb=$(go run . --out "$out")
echo "== built $deb"
dpkg-deb --info "$deb" | sed -n '/Package:/,/Description:/p'

dpkg -i "$deb"
/usr/bin/exago version
/usr/bin/exago validate /etc/exago/exago.conf
man -w exago >/dev/null 2>&1 || test -f /usr/share/man/man1/exago.1.gz
getent passwd exago >/dev/null
test "$(stat -c %G /etc/exago/exabgp.env)" = exago

echo "== remove: the configuration stays"
dpkg -r exago
test ! -e /usr/bin/exago
test -f /etc/exago/exago.conf
test -f /etc/exago/exabgp.env

echo "== purge: the configuration goes"
dpkg -P exago
test ! -e /etc/exago
! getent passwd exago >/dev/null
echo "== package ok"
