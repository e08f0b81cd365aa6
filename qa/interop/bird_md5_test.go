package interop

import (
	"fmt"
	"strings"
	"testing"
)

// TestBirdMD5 runs the session with TCP MD5 signatures (RFC 2385): BIRD
// has password "exago-secret", exago md5-password the same.
func TestBirdMD5(t *testing.T) {
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
	password "exago-secret";
	ipv4 { import all; export none; };
}
`, birdPort, exagoPort))
	conf := writeFile(t, dir, "exago.conf", `
neighbor 127.0.0.2 {
	router-id 127.0.0.1;
	local-address 127.0.0.1;
	local-as 65000;
	peer-as 65000;
	md5-password "exago-secret";
	family { ipv4 unicast; }
	static {
		route 192.0.2.0/24 next-hop 10.0.0.1;
	}
}
`, 0o644)
	ex := start(t, dir, "exago", exagoEnv(birdPort), bin, conf)
	b.waitEstablished(t, "exago")
	eventually(t, testTimeout, "route in bird", func() (bool, string) {
		routes, out := b.routes(t)
		_, ok := routes["192.0.2.0/24"]
		return ok, out
	})
	ex.stop(t)
	eventually(t, testTimeout, "bird sees the Cease", func() (bool, string) {
		log := b.logText()
		return strings.Contains(log, "exago: Received: Administrative shutdown"), tail([]byte(log), 2000)
	})
	stopPID(t, b.pid)
}
