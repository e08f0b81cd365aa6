#!/usr/bin/python3
"""Capture the golden files of healthcheck/ from Debian's ExaBGP 4.2.

Usage (from the repository root, with Debian's exabgp package installed):

    /usr/bin/python3 healthcheck/testdata/capture.py [--out DIR] [NAME...]

For each scenario in healthcheck/testdata/scenarios.txt (or the named
ones) it runs

    /usr/bin/python3 -m exabgp healthcheck --no-syslog --no-ip-setup \
        --pid DIR/pid --disable DIR/disable --cmd 'sh CHECK DIR' \
        --interval 0.01 --fast-interval 0.01 ARGS...

where CHECK is healthcheck/testdata/check.sh (each check consumes the next
result of the scenario; when they run out it sends SIGTERM to the tool),
answers "done" to every line it prints (unless --no-ack is in ARGS),
creates or removes DIR/disable after the output line numbers the scenario
names, and writes healthcheck/testdata/golden/NAME.golden: a header (the
scenario and the command) and the lines printed. execute hooks, when the
scenario has them, append "$STATE" to DIR/hooks, recorded as "# hooks:".
"""

import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
HARNESS = "--no-syslog --no-ip-setup --pid DIR/pid --disable DIR/disable --cmd 'sh CHECK DIR' --interval 0.01 --fast-interval 0.01"


def scenarios():
    """Parse scenarios.txt: blocks of "name:", "arg:", "checks:", "events:", "hooks:" lines."""
    out, cur = [], None
    with open(os.path.join(HERE, "scenarios.txt")) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            key, _, value = line.partition(":")
            value = value.strip()
            if key == "name":
                cur = {"name": value, "args": [], "checks": [], "events": {}, "hooks": False}
                out.append(cur)
            elif key == "arg":
                cur["args"].append(value)
            elif key == "checks":
                cur["checks"] += value.split()
            elif key == "events":
                for ev in value.split():
                    action, _, n = ev.partition("@")
                    cur["events"].setdefault(int(n), []).append(action)
            elif key == "hooks":
                cur["hooks"] = value == "yes"
    return out


def capture(sc):
    d = tempfile.mkdtemp(prefix="hc-capture-")
    try:
        with open(os.path.join(d, "checks"), "w") as f:
            f.write("".join(c + "\n" for c in sc["checks"]))
        argv = [
            "/usr/bin/python3", "-m", "exabgp", "healthcheck",
            "--no-syslog", "--no-ip-setup",
            "--pid", os.path.join(d, "pid"),
            "--disable", os.path.join(d, "disable"),
            "--cmd", "sh %s %s" % (os.path.join(HERE, "check.sh"), d),
            "--interval", "0.01", "--fast-interval", "0.01",
        ]
        if sc["hooks"]:
            hook = "echo $STATE >> %s" % os.path.join(d, "hooks")
            argv += ["--execute", hook, "--up-execute", hook, "--down-execute", hook, "--disabled-execute", hook]
        argv += sc["args"]
        noack = "--no-ack" in sc["args"]
        p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=d)
        lines = []
        for raw in p.stdout:
            lines.append(raw.decode().rstrip("\n"))
            for action in sc["events"].get(len(lines), []):
                path = os.path.join(d, "disable")
                if action == "disable":
                    open(path, "w").close()
                elif action == "enable" and os.path.exists(path):
                    os.unlink(path)
            if not noack:
                try:
                    p.stdin.write(b"done\n")
                    p.stdin.flush()
                except BrokenPipeError:
                    pass
        p.wait(timeout=30)
        err = p.stderr.read().decode()
        if p.returncode != 0:
            sys.exit("%s: exit %s: %s" % (sc["name"], p.returncode, err))
        hooks = []
        if sc["hooks"] and os.path.exists(os.path.join(d, "hooks")):
            hooks = open(os.path.join(d, "hooks")).read().split()
    finally:
        shutil.rmtree(d)
    path = os.path.join(OUT, sc["name"] + ".golden")
    with open(path, "w") as f:
        f.write("# Captured from Debian's ExaBGP 4.2 by healthcheck/testdata/capture.py %s:\n" % sc["name"])
        f.write("#   /usr/bin/python3 -m exabgp healthcheck %s%s %s\n" % (
            HARNESS, " --execute/--up-execute/--down-execute/--disabled-execute 'echo $STATE >> DIR/hooks'" if sc["hooks"] else "",
            " ".join("'%s'" % a if " " in a else a for a in sc["args"])))
        for a in sc["args"]:
            f.write("# arg: %s\n" % a)
        f.write("# checks: %s\n" % " ".join(sc["checks"]))
        if sc["events"]:
            f.write("# events: %s\n" % " ".join("%s@%d" % (a, n) for n in sorted(sc["events"]) for a in sc["events"][n]))
        if sc["hooks"]:
            f.write("# hooks: %s\n" % " ".join(hooks))
        for l in lines:
            f.write(l + "\n")
    print("%s: %d lines" % (sc["name"], len(lines)))


OUT = os.path.join(HERE, "golden")


def main():
    global OUT
    args = sys.argv[1:]
    if args[:1] == ["--out"]:
        OUT, args = args[1], args[2:]
    want = set(args)
    for sc in scenarios():
        if not want or sc["name"] in want:
            capture(sc)


if __name__ == "__main__":
    main()
