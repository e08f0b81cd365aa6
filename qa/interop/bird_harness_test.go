package interop

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// birdCeaseLog is what BIRD logs when exago closes with a Cease
// (administrative shutdown), as it does on SIGTERM.
const birdCeaseLog = "exago: Received: Administrative shutdown"

// birdPeer is a BIRD 2 daemon run by a test, all its state in dir.
type birdPeer struct {
	dir, sock, pid, log string
	birdc               string
}

// startBird writes bird.conf (body after the common header) into dir and
// starts bird there, in the background, with its own control socket.
func startBird(t *testing.T, dir, body string) *birdPeer {
	t.Helper()
	bins := needDaemon(t, "bird", "birdc")
	b := &birdPeer{
		dir:   dir,
		sock:  filepath.Join(dir, "bird.ctl"),
		pid:   filepath.Join(dir, "bird.pid"),
		log:   filepath.Join(dir, "bird.log"),
		birdc: bins[1],
	}
	conf := fmt.Sprintf("log %q all;\nrouter id 127.0.0.2;\ndebug protocols { states, routes, events, packets };\n"+
		"protocol device {}\n%s", b.log, body)
	path := writeFile(t, dir, "bird.conf", conf, 0o644)
	_, err := run(bins[0], "-c", path, "-s", b.sock, "-P", b.pid)
	require.NoError(t, err, "start bird")
	t.Cleanup(func() {
		if _, err := os.Stat(b.pid); err == nil {
			_, _ = b.ctl("down")
		}
		if t.Failed() {
			out, _ := os.ReadFile(b.log)
			t.Logf("bird log:\n%s", tail(out, 6000))
		}
	})
	eventually(t, testTimeout, "bird control socket", func() (bool, string) {
		out, err := b.show("status")
		return err == nil && strings.Contains(out, "Daemon is up"), out + fmt.Sprint(err)
	})
	return b
}

// ctl runs "birdc ARGS" on bird's control socket and returns its output.
func (b *birdPeer) ctl(args ...string) (string, error) {
	return run(b.birdc, append([]string{"-s", b.sock}, args...)...)
}

// show runs "birdc show ARGS" and returns its output.
func (b *birdPeer) show(args ...string) (string, error) {
	return b.ctl(append([]string{"show"}, args...)...)
}

// stop ends bird with SIGTERM and waits until it is gone.
func (b *birdPeer) stop(t *testing.T) {
	t.Helper()
	stopPID(t, b.pid)
}

// waitEstablished waits until protocol name is up and Established.
func (b *birdPeer) waitEstablished(t *testing.T, name string) {
	t.Helper()
	eventually(t, testTimeout, "bird session "+name+" Established", func() (bool, string) {
		out, err := b.show("protocols", "all", name)
		return err == nil && strings.Contains(out, "BGP state:          Established"), out + fmt.Sprint(err)
	})
}

// routes returns the routes of the bird tables.
func (b *birdPeer) routes(t *testing.T) (map[string]birdRoute, string) {
	t.Helper()
	out, err := b.show("route", "all")
	if err != nil {
		return nil, out + err.Error()
	}
	return parseBirdRoutes(out), out
}

// waitRoutes waits until every prefix is in bird's tables.
func (b *birdPeer) waitRoutes(t *testing.T, what string, prefixes ...string) {
	t.Helper()
	eventually(t, testTimeout, what, func() (bool, string) {
		routes, out := b.routes(t)
		for _, p := range prefixes {
			if _, ok := routes[p]; !ok {
				return false, out
			}
		}
		return true, out
	})
}

// birdCountRE reads "N of M routes for K networks in table T".
var birdCountRE = regexp.MustCompile(`(\d+) of (\d+) routes for (\d+) networks in table (\w+)`)

// routeCounts returns the number of networks per bird table.
func (b *birdPeer) routeCounts() (map[string]int, string) {
	out, err := b.show("route", "count")
	if err != nil {
		return nil, out + err.Error()
	}
	counts := map[string]int{}
	for _, m := range birdCountRE.FindAllStringSubmatch(out, -1) {
		n, _ := strconv.Atoi(m[3])
		counts[m[4]] = n
	}
	return counts, out
}

// logText is bird's log file so far.
func (b *birdPeer) logText() string {
	out, _ := os.ReadFile(b.log)
	return string(out)
}

// logHas is a condition for eventually: text is at least n times in
// bird's log.
func (b *birdPeer) logHas(text string, n int) func() (bool, string) {
	return func() (bool, string) {
		log := b.logText()
		return strings.Count(log, text) >= n, tail([]byte(log), 3000)
	}
}

// waitLog waits until text is in bird's log.
func (b *birdPeer) waitLog(t *testing.T, what, text string) {
	t.Helper()
	eventually(t, testTimeout, what, b.logHas(text, 1))
}

// waitCease waits until bird logs the Cease exago sends when it stops.
func (b *birdPeer) waitCease(t *testing.T) {
	t.Helper()
	b.waitLog(t, "bird sees the Cease", birdCeaseLog)
}

// birdSession is one test's BGP session between BIRD and exago: the
// folder both run in, their addresses and ports, and the daemons once
// started.
type birdSession struct {
	t                   *testing.T
	dir                 string
	birdAddr, exagoAddr string
	birdPort, exagoPort uint16
	bird                *birdPeer
	exago               *daemon
}

// newBirdSession skips the test in -short mode or without bird, and
// picks a 0755 folder and a free port on each address.
func newBirdSession(t *testing.T, birdAddr, exagoAddr string) *birdSession {
	t.Helper()
	needDaemon(t, "bird", "birdc")
	return &birdSession{
		t:         t,
		dir:       tempDir(t),
		birdAddr:  birdAddr,
		exagoAddr: exagoAddr,
		birdPort:  freePort(t, birdAddr),
		exagoPort: freePort(t, exagoAddr),
	}
}

// newLoopbackBirdSession is a session between BIRD on 127.0.0.2 and
// exago on 127.0.0.1.
func newLoopbackBirdSession(t *testing.T) *birdSession {
	t.Helper()
	return newBirdSession(t, "127.0.0.2", "127.0.0.1")
}

// path is name in the session's folder.
func (s *birdSession) path(name string) string {
	return filepath.Join(s.dir, name)
}

// ibgpProtocol is BIRD's "protocol bgp exago" for the session: iBGP in
// AS 65000, BIRD passive, then lines (channels and options).
func (s *birdSession) ibgpProtocol(lines string) string {
	return fmt.Sprintf("protocol bgp exago {\n\tlocal %s port %d as 65000;\n\tneighbor %s port %d as 65000;\n\tpassive on;\n%s}\n",
		s.birdAddr, s.birdPort, s.exagoAddr, s.exagoPort, lines)
}

// ibgpNeighbor is exago's neighbor block for the session: iBGP in AS
// 65000, router-id 127.0.0.1, then body (families, api, static...).
func (s *birdSession) ibgpNeighbor(body string) string {
	return fmt.Sprintf("neighbor %s {\n\trouter-id 127.0.0.1;\n\tlocal-address %s;\n\tlocal-as 65000;\n\tpeer-as 65000;\n%s}\n",
		s.birdAddr, s.exagoAddr, body)
}

// startBird starts BIRD with conf after the common bird.conf header.
func (s *birdSession) startBird(conf string) *birdPeer {
	s.t.Helper()
	s.bird = startBird(s.t, s.dir, conf)
	return s.bird
}

// writeScript writes the executable script name into the folder.
func (s *birdSession) writeScript(name, script string) {
	s.t.Helper()
	writeFile(s.t, s.dir, name, script, 0o755)
}

// startExago writes conf as exago.conf, starts exago toward BIRD's port
// (env is added to exagoEnv, later entries winning) and waits until
// BIRD has the session Established.
func (s *birdSession) startExago(conf string, env ...string) *daemon {
	s.t.Helper()
	path := writeFile(s.t, s.dir, "exago.conf", conf, 0o644)
	s.exago = start(s.t, s.dir, "exago", append(exagoEnv(s.birdPort), env...), exagoBin(s.t), path)
	s.bird.waitEstablished(s.t, "exago")
	return s.exago
}

// stopExago ends exago with SIGTERM and waits for BIRD to log its Cease.
func (s *birdSession) stopExago() {
	s.t.Helper()
	s.exago.stop(s.t)
	s.bird.waitCease(s.t)
}
