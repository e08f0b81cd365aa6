package interop

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestBirdHoldTimerExpires freezes BIRD (SIGSTOP) past the 3 s hold time:
// exago must send a Hold Timer Expired NOTIFICATION and close; once BIRD
// runs again (SIGCONT) it reads that NOTIFICATION, and exago connects
// again and sends its route.
func TestBirdHoldTimerExpires(t *testing.T) {
	needDaemon(t, "bird", "birdc")
	bin := exagoBin(t)
	dir := tempDir(t)
	birdPort := freePort(t, "127.0.0.2")
	exagoPort := freePort(t, "127.0.0.1")

	b := startBird(t, dir, fmt.Sprintf(`
protocol bgp exago {
	local 127.0.0.2 port %d as 65000;
	neighbor 127.0.0.1 port %d as 65000;
	passive on;
	hold time 3;
	error wait time 1, 2;
	ipv4 { import all; export none; };
}
`, birdPort, exagoPort))
	conf := writeFile(t, dir, "exago.conf", `
neighbor 127.0.0.2 {
	router-id 127.0.0.1;
	local-address 127.0.0.1;
	local-as 65000;
	peer-as 65000;
	family { ipv4 unicast; }
	static {
		route 192.0.2.0/24 next-hop 10.0.0.1;
	}
}
`, 0o644)
	ex := start(t, dir, "exago", exagoEnv(birdPort), bin, conf)
	b.waitEstablished(t, "exago")

	raw, err := os.ReadFile(b.pid)
	require.NoError(t, err)
	pid, err := strconv.Atoi(strings.TrimSpace(string(raw)))
	require.NoError(t, err)
	require.NoError(t, syscall.Kill(pid, syscall.SIGSTOP))
	stopped := true
	t.Cleanup(func() {
		if stopped {
			_ = syscall.Kill(pid, syscall.SIGCONT)
		}
	})
	eventually(t, testTimeout, "exago's hold timer expires", func() (bool, string) {
		out := ex.output()
		return strings.Contains(strings.ToLower(out), "hold timer expired"), out
	})
	require.NoError(t, syscall.Kill(pid, syscall.SIGCONT))
	stopped = false

	eventually(t, testTimeout, "bird reads exago's Hold Timer Expired", func() (bool, string) {
		log := b.logText()
		return strings.Contains(log, "exago: Received: Hold timer expired"), tail([]byte(log), 3000)
	})
	b.waitEstablished(t, "exago")
	eventually(t, testTimeout, "route in bird again", func() (bool, string) {
		routes, out := b.routes(t)
		_, ok := routes["192.0.2.0/24"]
		return ok, out
	})

	ex.stop(t)
	stopPID(t, b.pid)
}
