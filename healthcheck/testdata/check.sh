#!/bin/sh
# Scripted health check used to capture the golden files (capture.py) and
# by the Go tests' shell runner: each call consumes the next line of
# $1/checks ("pass", "fail", optionally "+disable" to create the disable
# file $1/disable). When the lines run out, it sends SIGTERM to the
# healthcheck whose PID is in $1/pid and waits to be killed.
d=$1
n=$(cat "$d/count" 2>/dev/null || echo 0)
n=$((n + 1))
echo "$n" >"$d/count"
r=$(sed -n "${n}p" "$d/checks")
if [ -z "$r" ]; then
	kill -TERM "$(cat "$d/pid")"
	sleep 2
	exit 1
fi
case "$r" in
*+disable) : >"$d/disable" ;;
esac
case "$r" in
pass*) exit 0 ;;
*) exit 1 ;;
esac
