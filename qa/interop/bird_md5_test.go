package interop

import "testing"

// TestBirdMD5 runs the session with TCP MD5 signatures (RFC 2385): BIRD
// has password "exago-secret", exago md5-password the same.
func TestBirdMD5(t *testing.T) {
	s := newLoopbackBirdSession(t)
	b := s.startBird(s.ibgpProtocol(`	password "exago-secret";
	ipv4 { import all; export none; };
`))
	s.startExago(s.ibgpNeighbor(`	md5-password "exago-secret";
	family { ipv4 unicast; }
	static {
		route 192.0.2.0/24 next-hop 10.0.0.1;
	}
`))
	b.waitRoutes(t, "route in bird", "192.0.2.0/24")
	s.stopExago()
	b.stop(t)
}
