//go:build linux

package healthcheck

import (
	"io"
	"net/netip"
	"runtime"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/vishvananda/netlink"
	"github.com/vishvananda/netns"
)

// testNetns creates a network namespace for the test, with lo up, and
// returns a netlink handle in it; the test's own namespace is untouched.
// It skips where namespaces cannot be created (no CAP_SYS_ADMIN).
func testNetns(t *testing.T) *netlink.Handle {
	t.Helper()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	orig, err := netns.Get()
	require.NoError(t, err)
	defer orig.Close()
	ns, err := netns.New() // switches this thread into the new namespace
	if err != nil {
		t.Skipf("cannot create a network namespace here (needs root or CAP_SYS_ADMIN): %v", err)
	}
	t.Cleanup(func() { ns.Close() })
	require.NoError(t, netns.Set(orig), "back to the test's namespace")
	h, err := netlink.NewHandleAt(ns)
	require.NoError(t, err)
	t.Cleanup(h.Close)
	lo, err := h.LinkByName("lo")
	require.NoError(t, err)
	require.NoError(t, h.LinkSetUp(lo))
	return h
}

// loAddrs lists lo's addresses as "PREFIX LABEL", loopback ones left out.
func loAddrs(t *testing.T, h *netlink.Handle) []string {
	t.Helper()
	addrs, err := listAddrs(h, "lo")
	require.NoError(t, err)
	var out []string
	for _, a := range addrs {
		p, ok := prefixOf(a.IPNet)
		require.True(t, ok)
		if p.Addr().IsLoopback() {
			continue
		}
		out = append(out, p.String()+" "+a.Label)
	}
	slices.Sort(out)
	return out
}

func TestNetlinkLabelled(t *testing.T) {
	h := testNetns(t)
	n := &Netlink{Handle: h, Label: "web", IPs: []netip.Prefix{
		netip.MustParsePrefix("192.0.2.10/32"),
		netip.MustParsePrefix("192.0.2.20/31"),
		netip.MustParsePrefix("2001:db8::10/128"),
	}}
	require.NoError(t, n.Setup())
	want := []string{"192.0.2.10/32 lo:web", "192.0.2.20/32 lo:web", "192.0.2.21/32 lo:web", "2001:db8::10/128 "}
	assert.Equal(t, want, loAddrs(t, h))
	require.NoError(t, n.Setup(), "setting up again is a no-op")
	assert.Equal(t, want, loAddrs(t, h))

	// Without --ip, the service IPs are lo's addresses (with the label).
	found, err := LoopbackAddresses(h, "we", false)
	require.NoError(t, err)
	assert.ElementsMatch(t, []netip.Prefix{
		netip.MustParsePrefix("192.0.2.10/32"), netip.MustParsePrefix("192.0.2.20/32"), netip.MustParsePrefix("192.0.2.21/32"),
	}, found)
	found, err = LoopbackAddresses(h, "we", true)
	require.NoError(t, err)
	assert.Empty(t, found, "--label-exact-match")
	found, err = LoopbackAddresses(h, "", false)
	require.NoError(t, err)
	assert.Len(t, found, 4)

	require.NoError(t, n.Remove())
	assert.Empty(t, loAddrs(t, h))
}

// TestNetlinkKeepsForeignAddresses: without a label, Remove removes what
// Setup added, not an address someone else configured.
func TestNetlinkKeepsForeignAddresses(t *testing.T) {
	h := testNetns(t)
	lo, err := h.LinkByName("lo")
	require.NoError(t, err)
	foreign := netip.MustParsePrefix("192.0.2.30/32")
	require.NoError(t, h.AddrAdd(lo, &netlink.Addr{IPNet: ipNet(foreign)}))
	n := &Netlink{Handle: h, IPs: []netip.Prefix{foreign, netip.MustParsePrefix("192.0.2.31/32")}}
	require.NoError(t, n.Setup())
	assert.Equal(t, []string{"192.0.2.30/32 lo", "192.0.2.31/32 lo"}, loAddrs(t, h))
	require.NoError(t, n.Remove())
	assert.Equal(t, []string{"192.0.2.30/32 lo"}, loAddrs(t, h))
}

// TestNetlinkDynamic runs the loop with --dynamic-ip-setup in a namespace:
// the IP is on lo while UP, gone after DOWN, back before the next UP, gone
// on exit.
func TestNetlinkDynamic(t *testing.T) {
	h := testNetns(t)
	o, err := Parse([]string{"--ip", "192.0.2.10", "--label", "svc", "--rise", "1", "--fall", "1", "--dynamic-ip-setup", "--no-ack", "--cmd", "x"}, io.Discard)
	require.NoError(t, err)
	n := &Netlink{Handle: h, IPs: o.IPs, Label: o.Label}
	require.NoError(t, n.Setup())
	var seen []string
	present := func() string {
		if len(loAddrs(t, h)) == 1 {
			return "present"
		}
		return "absent"
	}
	ctx, cancel := testContext(t)
	checker := &countedChecker{f: func(i int) bool {
		seen = append(seen, "check "+present())
		if i == 3 {
			cancel()
		}
		return i != 1
	}}
	out := &lineHook{f: func(l string) { seen = append(seen, l[:8]+" "+present()) }}
	require.NoError(t, Run(ctx, o, o.IPs, Env{Out: out, Clock: &fakeClock{}, Checker: checker, Addresses: n}))
	assert.Equal(t, []string{
		"check present", "announce present", // UP
		"check present", "announce present", // DOWN: removed after the announce
		"check absent", "announce present", // UP: restored before
		"check present", "withdraw present", // exit
	}, seen)
	assert.Empty(t, loAddrs(t, h), "removed on exit")
}
