package api

import (
	"context"
	"log/slog"
	"testing"

	"github.com/exago/exago/config"
)

// FuzzExecute feeds arbitrary command lines, through the real route
// parser, to a manager: no line may panic, and every line gets exactly one
// final "done" or "error", as a helper waiting for its ack needs.
func FuzzExecute(f *testing.F) {
	for _, s := range []string{
		"announce route 1.0.0.0/24 next-hop 1.1.1.1 med 10 community [ 65000:1 ]",
		"withdraw route 1.0.0.0/24",
		"neighbor 127.0.0.1 announce route 2.0.0.0/8 next-hop self",
		"neighbor 127.0.0.1 local-as 1, neighbor 10.0.0.3 withdraw route 2.0.0.0/8",
		"announce flow route { match { destination 10.0.0.1/32; destination-port =80; } then { discard; } }",
		"announce eor ipv4 unicast",
		"announce route-refresh ipv6 unicast",
		"neighbor 10.0.0.3 teardown 4",
		"show neighbor summary",
		"show adj-rib out extensive",
		"flush adj-rib out",
		"announce attributes next-hop 1.2.3.4 nlri 1.0.0.0/24 2.0.0.0/24",
		"announce vpls endpoint 5 base 10702 offset 1 size 8 rd 192.168.201.1:123 next-hop 192.168.201.1",
		"announce watchdog dnsr",
		"version",
		"# a comment",
		"announce route [ ( {",
	} {
		f.Add(s)
	}
	a := neighbor("127.0.0.1", 1, 1, "p")
	b := neighbor("10.0.0.3", 2, 3)
	cfg := &config.Config{Processes: []*config.Process{{Name: "p"}}, Neighbors: []*config.Neighbor{a, b}}
	ctl := &fakeCtl{up: []*config.Neighbor{a, b}}
	env := testEnv()
	m := New(cfg, env, ctl, slog.New(slog.DiscardHandler), Options{})
	f.Fuzz(func(t *testing.T, line string) {
		if len(line) > 4096 {
			return
		}
		out := m.Execute(context.Background(), line)
		if len(out) == 0 {
			t.Fatalf("%q: no answer", line)
		}
		last := out[len(out)-1]
		if last != "done" && last != "error" {
			t.Fatalf("%q: last answer line %q, want done or error", line, last)
		}
		for _, l := range out[:len(out)-1] {
			if l == "done" || l == "error" {
				t.Fatalf("%q: more than one ack in %q", line, out)
			}
		}
	})
}
