# Prints what ExaBGP 4.2 builds from each configuration file given, in the
# shape describe() (describe_test.go) prints exago's model, for the
# differential test. Each file is read in a forked child: ExaBGP keeps state
# between reloads.
import os
import sys

from exabgp.configuration.setup import environment

environment.setup("")
from exabgp.configuration.configuration import Configuration


def dump(path):
    c = Configuration([path])
    ok = c.reload()
    if ok is not True:
        print("FILE", os.path.basename(path), "ERR", str(c.error).replace("\n", " "))
        return
    print("FILE", os.path.basename(path), "ok")
    for name in sorted(c.processes):
        p = c.processes[name]
        print(" process", name, p.get('encoder'), p.get('respawn'))
    seen = set()
    for n in c.neighbors.values():
        key = (str(n.peer_address), str(n.local_address))
        if key in seen:
            continue
        seen.add(key)
        print(" neighbor", n.peer_address, "local", n.local_address, "rid", n.router_id, "as", n.local_as, n.peer_as,
              "hold", int(n.hold_time), "passive", n.passive, "listen", n.listen, "connect", n.connect)
        print("  flags gu", n.group_updates, "flush", n.flush, "ribout", n.adj_rib_out, "eor", n.manual_eor,
              "md5", n.md5_password, n.md5_base64, n.md5_ip, "ttl", n.ttl_out, n.ttl_in, "desc", repr(n.description))
        print("  fams", " ".join("%s/%s" % f for f in n.families()))
        print("  caps asn4", n.asn4, "rr", bool(n.route_refresh), "gr", n.graceful_restart, "ms", bool(n.multisession),
              "op", bool(n.operational), "em", n.extended_message)
        print("  addpath", n.add_path, " ".join("%s/%s" % f for f in n.addpaths()))
        print("  nexthop", sorted("%s/%s/%s" % x for x in n._nexthop) if n.nexthop else None)
        api = {k: v for k, v in n.api.items() if v}
        print("  api", sorted((k, tuple(v)) for k, v in api.items()))
        print("  routes", len(set(c.extensive() for c in n.changes)))


for path in sys.argv[1:]:
    sys.stdout.flush()
    pid = os.fork()
    if pid == 0:
        try:
            dump(path)
        finally:
            sys.stdout.flush()
            os._exit(0)
    os.waitpid(pid, 0)
