package interop

import "testing"

// The local addresses of exago and ExaBGP run side by side.
const (
	exagoLocal  = "127.0.0.1"
	exabgpLocal = "127.0.0.3"
)

// sideBySide is exago (from exagoLocal) and ExaBGP 4.2 (from
// exabgpLocal) run with the same configuration but for the local
// address, toward the same peer; the sink helper of each ($OUT) writes
// to its own file.
type sideBySide struct {
	exago, exabgp       *daemon
	exagoOut, exabgpOut string
}

// startSideBySide skips the test without exabgp (or in -short mode),
// writes sink.sh and conf(local) for each speaker into dir, and starts
// both toward the peer's port.
func startSideBySide(t *testing.T, dir string, peerPort uint16, conf func(local string) string) *sideBySide {
	t.Helper()
	exabgp := needDaemon(t, "exabgp")[0]
	bin := exagoBin(t)
	writeFile(t, dir, "sink.sh", sinkScript, 0o755)
	s := &sideBySide{
		exagoOut:  writeFile(t, dir, "exago.jsonl", "", 0o666),
		exabgpOut: writeFile(t, dir, "exabgp.jsonl", "", 0o666),
	}
	env := func(out string) []string {
		return append(exagoEnv(peerPort), "OUT="+out, "exabgp_daemon_user=root", "exabgp_api_cli=false",
			"exabgp_log_level=ERR")
	}
	confFile := func(local string) string {
		return writeFile(t, dir, "conf-"+local, conf(local), 0o644)
	}
	s.exago = start(t, dir, "exago", env(s.exagoOut), bin, confFile(exagoLocal))
	s.exabgp = start(t, dir, "exabgp", env(s.exabgpOut), exabgp, confFile(exabgpLocal))
	return s
}

// stop ends both speakers with SIGTERM.
func (s *sideBySide) stop(t *testing.T) {
	t.Helper()
	s.exago.stop(t)
	s.exabgp.stop(t)
}
