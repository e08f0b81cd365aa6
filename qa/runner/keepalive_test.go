package runner

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/qa/peer"
)

// TestKeepaliveUnderLoad sends a million routes to a peer whose hold time
// is 3 s, from the configuration and from a helper, and checks that
// nothing starves: the session stays up with KEEPALIVEs at most a hold
// time apart, a second neighbor gets its route, and a second helper that
// never reads its acknowledgements (100,000 of them) stalls nothing.
//
// It takes a few seconds and a few hundred MiB: it runs with
// EXAGO_HEAVY=1 only (go test -run KeepaliveUnderLoad ./qa/runner).
func TestKeepaliveUnderLoad(t *testing.T) {
	if os.Getenv("EXAGO_HEAVY") == "" {
		t.Skip("heavy: set EXAGO_HEAVY=1 to run")
	}
	n := 1_000_000
	if v, err := strconv.Atoi(os.Getenv("EXAGO_HEAVY_ROUTES")); err == nil && v > 0 {
		n = v
	}
	root, err := ModuleRoot(".")
	require.NoError(t, err)
	bin := t.TempDir()
	for pkg, out := range map[string]string{"./cmd/exago": "exago", "./qa/cmd/qa": "qa"} {
		cmd := exec.Command("go", "build", "-o", filepath.Join(bin, out), pkg)
		cmd.Dir = root
		msg, err := cmd.CombinedOutput()
		require.NoError(t, err, "go build %s: %s", pkg, msg)
	}
	for _, mode := range []string{"config", "api"} {
		t.Run(mode, func(t *testing.T) {
			w, err := NewWork(t.TempDir(), filepath.Join(bin, "qa"))
			require.NoError(t, err)
			conf := keepaliveConf(mode, n)
			require.NoError(t, os.WriteFile(filepath.Join(w.Dir, "etc", "ka.conf"), conf, 0o644))
			require.NoError(t, w.WriteScript("etc/run/bulk.run", fmt.Sprintf("#!/bin/sh\nexec %s helper --bench %d\n", shellQuote(w.Helper), n)))
			// prints its withdrawals, then sleeps without reading stdin
			require.NoError(t, w.WriteScript("etc/run/mute.run", "#!/bin/sh\nexec awk 'BEGIN { for (i = 0; i < 100000; i++) printf \"withdraw route 10.250.%d.%d/32\\n\", int(i/256)%256, i%256; fflush(); system(\"sleep 600\") }'\n"))

			lns, port, err := peer.Listen(0)
			require.NoError(t, err)
			defer func() {
				for _, ln := range lns {
					ln.Close()
				}
			}()
			logf, err := os.Create(filepath.Join(w.Dir, "log", "ka.log"))
			require.NoError(t, err)
			defer logf.Close()
			d, err := StartDaemon(filepath.Join(bin, "exago"), w.Dir, DaemonEnv(Gen42, port, 0), []string{filepath.Join(w.Dir, "etc", "ka.conf")}, []string{"exabgp_log_level=ERR"}, logf)
			require.NoError(t, err)
			defer d.Stop(2 * time.Second)

			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			start := time.Now()
			// the routes, then two hold times more to see the sessions last
			stats, err := peer.Sink(ctx, peer.SinkConfig{Target: n + 1, Hold: 3, Linger: 7 * time.Second}, lns...)
			require.NoError(t, err, "received %+v", stats)
			elapsed := stats.Last.Sub(start)
			select {
			case <-d.Done():
				t.Fatal("the daemon exited")
			default:
			}
			t.Logf("%s: %d routes in %s; keepalives %d, longest gap %s, longest silence %s, sessions %d lost %d",
				mode, stats.Announced, elapsed.Round(time.Millisecond), stats.Keepalives, stats.MaxKeepaliveGap.Round(time.Millisecond),
				stats.MaxSilence.Round(time.Millisecond), stats.Sessions, stats.Lost)
			assert.Equal(t, n, stats.BySource["127.0.0.1"], "the bulk neighbor's routes")
			assert.Equal(t, 1, stats.BySource["127.0.0.2"], "the other neighbor's route")
			assert.Equal(t, 2, stats.Sessions)
			assert.Zero(t, stats.Lost, "sessions lost")
			assert.Zero(t, stats.Notifications)
			assert.Less(t, stats.MaxKeepaliveGap, 3*time.Second, "KEEPALIVEs a hold time apart")
		})
	}
}

// keepaliveConf is the configuration of TestKeepaliveUnderLoad: neighbor
// 127.0.0.1 gets n routes (configured, or from the bulk helper in api
// mode), neighbor 127.0.0.2 one configured route and the mute helper.
func keepaliveConf(mode string, n int) []byte {
	b := []byte("process mute {\n\trun ./run/mute.run;\n\tencoder text;\n}\n")
	if mode == "api" {
		b = append(b, "process bulk {\n\trun ./run/bulk.run;\n\tencoder text;\n}\n"...)
	}
	neighbor := func(local, proc string, routes func()) {
		b = fmt.Appendf(b, "neighbor 127.0.0.1 {\n\tlocal-address %s;\n\tlocal-as 65000;\n\tpeer-as 65000;\n\thold-time 3;\n\tfamily {\n\t\tipv4 unicast;\n\t}\n", local)
		if proc != "" {
			b = fmt.Appendf(b, "\tapi {\n\t\tprocesses [ %s ];\n\t}\n", proc)
		}
		b = append(b, "\tstatic {\n"...)
		routes()
		b = append(b, "\t}\n}\n"...)
	}
	bulk := "bulk"
	if mode == "config" {
		bulk = ""
	}
	neighbor("127.0.0.1", bulk, func() {
		if mode == "config" {
			for i := range n {
				b = benchRouteLine(b, i)
			}
		}
	})
	neighbor("127.0.0.2", "mute", func() {
		b = append(b, "\t\troute 192.0.2.0/24 next-hop 127.0.0.2;\n"...)
	})
	return b
}
