#!/bin/sh
# A stand-in for a DDoS detector: it blocks a SYN flood towards one host
# with a flowspec rule, waits, then lifts the rule. exago answers each
# command with "done" or "error" on our standard input.

rule="flow route destination 192.0.2.10/32 protocol tcp tcp-flags [ syn ] destination-port =443"

echo "announce $rule rate-limit 0"
read -r ack
echo "mitigation started: $ack" >&2

sleep 30

echo "withdraw $rule rate-limit 0"
read -r ack
echo "mitigation lifted: $ack" >&2

# Keep draining stdin until exago closes it: a helper that exits is respawned.
while read -r line; do
	:
done
