#!/bin/sh
# A helper process: exago reads the commands it prints, one a line, and
# answers each with "done" or "error" on its standard input, where it also
# writes what happens on the sessions (JSON here, see encoder in exago.conf).

echo "announce route 198.51.100.0/24 next-hop self as-path [ 65000 64512 ] local-preference 200"
echo "announce route 203.0.113.0/25 next-hop 127.0.0.1 large-community [ 65000:1:1 ]"

# Keep running (and keep draining stdin) until exago closes our input:
# a helper that exits is respawned.
while read -r line; do
	:
done
