package session

import (
	"bufio"
	"context"
	"encoding/binary"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
)

// qaDir holds ExaBGP's legacy functional test data.
const qaDir = "../../shared/exabgp-qa"

// qaExpect is what a QA .msg file says the peer must receive.
type qaExpect struct {
	entries []string // "raw:HEX", "announce:PREFIX", "withdraw:PREFIX"
	options []string
}

func readQAMsg(t *testing.T, name string) qaExpect {
	t.Helper()
	f, err := os.Open(filepath.Join(qaDir, "ci", name+".msg"))
	require.NoError(t, err)
	defer f.Close()
	var e qaExpect
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		step, rest, _ := strings.Cut(line, ":")
		if step == "option" {
			e.options = append(e.options, rest)
			continue
		}
		kind, val, _ := strings.Cut(rest, ":")
		if kind == "raw" {
			val = strings.ToUpper(strings.ReplaceAll(val, ":", ""))
		}
		e.entries = append(e.entries, kind+":"+val)
	}
	require.NoError(t, sc.Err())
	return e
}

// describeUpdate turns a received message into the entries it satisfies:
// its raw form, and for classic IPv4 UPDATEs the announced and withdrawn
// prefixes.
func describeUpdate(raw []byte) (string, []string) {
	rawEntry := "raw:" + hexUpper(raw)
	if raw[18] != byte(codec.MsgUpdate) {
		return rawEntry, nil
	}
	body := raw[codec.HeaderLen:]
	wl := int(binary.BigEndian.Uint16(body))
	wd := body[2 : 2+wl]
	al := int(binary.BigEndian.Uint16(body[2+wl:]))
	nl := body[4+wl+al:]
	var out []string
	ws, _ := codec.DecodeNLRIs(codec.IPv4Unicast, wd, false)
	for _, n := range ws {
		out = append(out, "withdraw:"+n.String())
	}
	as, _ := codec.DecodeNLRIs(codec.IPv4Unicast, nl, false)
	for _, n := range as {
		out = append(out, "announce:"+n.String())
	}
	return rawEntry, out
}

func isEOR(raw []byte) bool {
	h := hexUpper(raw[16:])
	return h == "00170200000000" || (len(raw) == 30 && strings.HasPrefix(h, "001E0200000007900F0003"))
}

// TestQAConf runs the legacy QA cases that need no helper process:
// the configuration is loaded with config.Load, the session comes up
// against a peer echoing our OPEN, and the UPDATEs must be exactly those of
// the .msg file (End-of-RIB markers not listed are skipped, as the QA peer
// does).
func TestQAConf(t *testing.T) {
	forEachQACase(t, "*.ci", func(t *testing.T, name string, cfg *config.Config, exp qaExpect) {
		if len(cfg.Processes) > 0 {
			t.Skip("needs helper processes")
		}
		for _, o := range exp.options {
			if o != "open:send-unknown-capability" {
				t.Skip("peer option", o)
			}
		}
		runQAConf(t, cfg, exp)
	})
}

// forEachQACase runs one subtest per legacy QA case whose ci file matches
// pattern and names one configuration, with that configuration loaded
// and the expected messages read.
func forEachQACase(t *testing.T, pattern string, run func(t *testing.T, name string, cfg *config.Config, exp qaExpect)) {
	skipWithoutQA(t)
	cis, err := filepath.Glob(filepath.Join(qaDir, "ci", pattern))
	require.NoError(t, err)
	for _, ci := range cis {
		name := strings.TrimSuffix(filepath.Base(ci), ".ci")
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(ci)
			require.NoError(t, err)
			confs := strings.Fields(string(b))
			if len(confs) != 1 {
				t.Skip("several configurations (reload)")
			}
			cfg, err := config.Load(filepath.Join(qaDir, "etc", confs[0]))
			require.NoError(t, err)
			run(t, name, cfg, readQAMsg(t, name))
		})
	}
}

func runQAConf(t *testing.T, cfg *config.Config, exp qaExpect) {
	ln4, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln4.Close()
	port := ln4.Addr().(*net.TCPAddr).Port
	lns := []net.Listener{ln4}
	if ln6, err := net.Listen("tcp", netip.AddrPortFrom(netip.IPv6Loopback(), uint16(port)).String()); err == nil {
		defer ln6.Close()
		lns = append(lns, ln6)
	}
	conns := make(chan net.Conn, 4)
	for _, ln := range lns {
		go func() {
			for {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				conns <- c
			}
		}()
	}
	r := New(cfg, config.Env{TCPPort: uint16(port), TCPOnce: true}, nil, nil)
	done := make(chan error, 1)
	go func() { done <- r.Run(context.Background()) }()

	var c net.Conn
	select {
	case c = <-conns:
	case <-time.After(5 * time.Second):
		t.Fatal("no connection")
	}
	if slices.Contains(exp.options, "open:send-unknown-capability") {
		handshakeUnknownCap(t, c)
	} else {
		handshake(t, c)
	}
	expectUpdates(t, func() ([]byte, error) {
		c.SetReadDeadline(time.Now().Add(3 * time.Second))
		return codec.ReadMessage(c, nil, codec.Options{ExtendedMessage: true})
	}, exp.entries)
	c.Close()
	waitRun(t, done)
}

// expectUpdates reads messages with next until every entry of want was
// received: a message matches an entry whole, or each of its parts
// matches one. KEEPALIVEs and End-of-RIB markers not expected are skipped.
func expectUpdates(t *testing.T, next func() ([]byte, error), entries []string) {
	t.Helper()
	want := slices.Clone(entries)
	for len(want) > 0 {
		raw, err := next()
		if err != nil {
			t.Errorf("read: %v; still expected: %q", err, want)
			return
		}
		if raw[18] == byte(codec.MsgKeepalive) {
			continue
		}
		rawEntry, parts := describeUpdate(raw)
		if i := slices.Index(want, rawEntry); i >= 0 {
			want = slices.Delete(want, i, i+1)
			continue
		}
		if isEOR(raw) {
			continue
		}
		matched := len(parts) > 0
		for _, p := range parts {
			i := slices.Index(want, p)
			if i < 0 {
				matched = false
				break
			}
			want = slices.Delete(want, i, i+1)
		}
		if !assert.True(t, matched, "unexpected message %s (still expected %q)", rawEntry, want) {
			return
		}
	}
}

// waitRun waits for the reactor's Run to return, without error.
func waitRun(t *testing.T, done <-chan error) {
	t.Helper()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return")
	}
}

// handshakeUnknownCap is handshake with an unknown capability (66) added to
// the echoed OPEN, as the QA peer's send-unknown-capability option does.
func handshakeUnknownCap(t *testing.T, c net.Conn) {
	t.Helper()
	m, err := codec.DecodeMessage(readMsg(t, c), codec.Options{})
	require.NoError(t, err)
	open, ok := m.(codec.Open)
	require.True(t, ok, "first message %s", m.Type())
	id := open.RouterID.As4()
	id[3]++
	open.RouterID = netip.AddrFrom4(id)
	open.Capabilities = append(open.Capabilities, codec.UnknownCapability{CapCode: 66, Value: []byte("loremipsum")})
	echo, err := codec.AppendMessage(nil, open, codec.Options{})
	require.NoError(t, err)
	_, err = c.Write(appendKeepalive(echo))
	require.NoError(t, err)
	ka := readMsg(t, c)
	require.Equal(t, byte(codec.MsgKeepalive), ka[18])
}
