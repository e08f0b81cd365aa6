package healthcheck_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/qa/peer"
)

// TestEndToEndExaBGPRunLine: a configuration written for ExaBGP, whose
// process runs "python3 -m exabgp healthcheck ...", passes `exago validate`
// and `exago -t` silently, and the daemon runs its own healthcheck for it
// (the python3 on PATH, a trap, is never run): the QA peer receives the
// announce of the service IP.
func TestEndToEndExaBGPRunLine(t *testing.T) {
	bin := buildExago(t)
	const prefix = "192.0.2.1/32"
	dir := t.TempDir()

	// a python3 that records being run and fails
	trapDir := filepath.Join(dir, "bin")
	require.NoError(t, os.Mkdir(trapDir, 0o755))
	ranPython := filepath.Join(dir, "python3-ran")
	require.NoError(t, os.WriteFile(filepath.Join(trapDir, "python3"),
		[]byte("#!/bin/sh\necho \"$@\" > '"+ranPython+"'\nexit 3\n"), 0o755))
	env := append(os.Environ(), "PATH="+trapDir+":"+os.Getenv("PATH"))

	conf := filepath.Join(dir, "exabgp.conf")
	require.NoError(t, os.WriteFile(conf, []byte(`process watch {
	run python3 -m exabgp healthcheck --cmd "true" --ip `+prefix+` --no-ip-setup --no-syslog --interval 0.2 --rise 1 --name "web one";
	encoder text;
}
neighbor 127.0.0.1 {
	router-id 127.0.0.2;
	local-address 127.0.0.1;
	local-as 65000;
	peer-as 65000;
	api {
		processes [ watch ];
	}
}
`), 0o644))

	for _, args := range [][]string{{"validate", conf}, {"-t", conf}} {
		var stdout, stderr syncBuffer
		cmd := exec.Command(bin, args...)
		cmd.Env = env
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		require.NoError(t, cmd.Run(), "exago %s: %s", strings.Join(args, " "), stderr.String())
		assert.Equal(t, conf+": configuration valid: 1 neighbor(s), 1 process(es)\n", stdout.String(), "exago %s", args[0])
		assert.Empty(t, stderr.String(), "exago %s", args[0])
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var sinkOut syncBuffer
	sinkDone := make(chan struct{})
	go func() {
		defer close(sinkDone)
		_, _ = peer.Sink(ctx, peer.SinkConfig{Out: &sinkOut, PerUpdate: true}, ln)
	}()
	defer func() { cancel(); <-sinkDone }()

	daemonOut, stop := startDaemon(t, bin, dir, conf, env, ln.Addr().(*net.TCPAddr).Port, &sinkOut)
	defer stop()

	waitFor(t, "the announce of "+prefix, 10*time.Second, func() (bool, string) {
		u := sinkUpdates(t, sinkOut.String(), prefix)
		return len(u) > 0 && u[len(u)-1] == "announce med 100", sinkOut.String()
	})
	assert.Contains(t, daemonOut.String(),
		fmt.Sprintf(`msg="running exago's healthcheck in place of ExaBGP's" process=watch exabgp="python3 -m exabgp healthcheck" exago="%s healthcheck"`, bin))
	assert.NoFileExists(t, ranPython)
}
