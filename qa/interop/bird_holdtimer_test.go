package interop

import (
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
	s := newLoopbackBirdSession(t)
	b := s.startBird(s.ibgpProtocol(`	hold time 3;
	error wait time 1, 2;
	ipv4 { import all; export none; };
`))
	ex := s.startExago(s.ibgpNeighbor(`	family { ipv4 unicast; }
	static {
		route 192.0.2.0/24 next-hop 10.0.0.1;
	}
`))

	pid := readPID(t, b.pid)
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

	b.waitLog(t, "bird reads exago's Hold Timer Expired", "exago: Received: Hold timer expired")
	b.waitEstablished(t, "exago")
	b.waitRoutes(t, "route in bird again", "192.0.2.0/24")

	ex.stop(t)
	b.stop(t)
}
