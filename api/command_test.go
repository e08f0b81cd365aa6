package api

import (
	"context"
	"net/netip"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
	"github.com/exago/exago/session"
)

func TestExtractNeighbors(t *testing.T) {
	tests := []struct {
		name  string
		line  string
		descs []description
		cmd   string
	}{
		{"no prefix", "announce route 1.0.0.0/24 next-hop 1.1.1.1", nil, "announce route 1.0.0.0/24 next-hop 1.1.1.1"},
		{"one neighbor", "neighbor 127.0.0.1 announce route 1.0.0.0/24", []description{{"neighbor 127.0.0.1"}}, "announce route 1.0.0.0/24"},
		{"filters", "neighbor 127.0.0.1 local-as 1 peer-as 2 router-id 1.2.3.4 announce eor",
			[]description{{"neighbor 127.0.0.1", "local-as 1", "peer-as 2", "router-id 1.2.3.4"}}, "announce eor"},
		{"comma", "neighbor 127.0.0.1 router-id 1.2.3.4, neighbor 10.0.0.1 announce route 1.0.0.0/24",
			[]description{{"neighbor 127.0.0.1", "router-id 1.2.3.4"}, {"neighbor 10.0.0.1"}}, "announce route 1.0.0.0/24"},
		{"teardown", "neighbor 127.0.0.1 teardown 4", []description{{"neighbor 127.0.0.1"}}, "teardown 4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			descs, cmd := extractNeighbors(config.SplitWords(tt.line))
			assert.Equal(t, tt.descs, descs)
			assert.Equal(t, config.SplitWords(tt.cmd), cmd)
		})
	}
}

func TestNeighborName(t *testing.T) {
	n := neighbor("127.0.0.1", 1, 2)
	assert.Equal(t, "neighbor 127.0.0.1 local-ip 127.0.0.1 local-as 1 peer-as 2 router-id 1.2.3.4 family-allowed in-open", neighborName(n))
}

func TestSelectors(t *testing.T) {
	a := neighbor("127.0.0.1", 1, 1, "p")
	b := neighbor("10.0.0.2", 1, 3, "p")
	c := neighbor("10.0.0.3", 2, 3, "other")
	cfg := &config.Config{Processes: []*config.Process{{Name: "p"}, {Name: "other"}}, Neighbors: []*config.Neighbor{a, b, c}}
	tests := []struct {
		line  string
		want  []string // answer lines
		calls []string
	}{
		{"announce route 1.0.0.0/24", []string{"done"}, []string{"p announce 1.0.0.0/24 invalid IP to bound"}},
		{"neighbor 127.0.0.1 announce route 1.0.0.0/24", []string{"done"}, []string{"p announce 1.0.0.0/24 invalid IP to 127.0.0.1"}},
		{"neighbor 10.0.0.2 peer-as 3 announce route 1.0.0.0/24", []string{"done"}, []string{"p announce 1.0.0.0/24 invalid IP to 10.0.0.2"}},
		{"neighbor 10.0.0.2 peer-as 4 announce route 1.0.0.0/24", []string{"error"}, nil},
		{"neighbor 127.0.0.1 local-as 1 peer-as 1 local-ip 127.0.0.1 router-id 1.2.3.4 announce route 1.0.0.0/24", []string{"done"}, []string{"p announce 1.0.0.0/24 invalid IP to 127.0.0.1"}},
		{"neighbor absentone local-as 1 announce route 1.0.0.0/24", []string{"error"}, nil},
		{"neighbor 127.0.0.1 router-id 1.2.3.4, neighbor 10.0.0.2 announce route 1.0.0.0/24", []string{"done"}, []string{"p announce 1.0.0.0/24 invalid IP to 127.0.0.1,10.0.0.2"}},
		{"neighbor 127.0.0.1 router-id 9.9.9.9, neighbor 10.0.0.2 announce route 1.0.0.0/24", []string{"done"}, []string{"p announce 1.0.0.0/24 invalid IP to 10.0.0.2"}},
		{"neighbor * announce route 1.0.0.0/24", []string{"done"}, []string{"p announce 1.0.0.0/24 invalid IP to 127.0.0.1,10.0.0.2"}},
		// a neighbor not bound to the process is out of reach
		{"neighbor 10.0.0.3 announce route 1.0.0.0/24", []string{"error"}, nil},
		// eor goes to every established neighbor, bound or not
		{"announce eor ipv6 unicast", []string{"done"}, []string{" eor [ipv6 unicast] to 127.0.0.1,10.0.0.3"}},
		{"announce eor ipv6", []string{"error"}, nil},
		{"neighbor 10.0.0.2 announce eor", []string{"error"}, nil},
		{"neighbor 10.0.0.3 teardown 2", []string{"done"}, []string{"teardown 2 to 10.0.0.3"}},
		{"neighbor 10.0.0.3 teardown x", []string{"error"}, nil},
		{"teardown 2", []string{"done"}, nil},
		{"show neighbor summary", []string{summaryHeader,
			"127.0.0.1       1            down unknown               0          0",
			"10.0.0.3        3            down unknown               0          0", "done"}, nil},
		{"shutdown", []string{"shutdown in progress", "done"}, nil},
		{"reset", nil, nil},
		{"", []string{"error"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			ctl := &fakeCtl{up: []*config.Neighbor{a, c}}
			m := New(cfg, testEnv(), ctl, testLog(t), Options{ParseRoutes: fakeParse})
			h := m.helperNamed("p")
			require.NotNil(t, h)
			r := &cliReply{}
			m.execute(context.Background(), h, tt.line, r)
			assert.Equal(t, tt.want, r.lines)
			assert.Equal(t, tt.calls, ctl.Calls())
		})
	}
}

func TestExecuteCLI(t *testing.T) {
	a := neighbor("127.0.0.1", 1, 1, "p")
	b := neighbor("10.0.0.3", 2, 3)
	cfg := &config.Config{Processes: []*config.Process{{Name: "p"}}, Neighbors: []*config.Neighbor{a, b}}
	ctl := &fakeCtl{}
	env := testEnv()
	env.APIAck = false
	m := New(cfg, env, ctl, testLog(t), Options{ParseRoutes: fakeParse})
	// the control channel reaches every neighbor and always gets done/error
	assert.Equal(t, []string{"done"}, m.Execute(context.Background(), "announce route 1.0.0.0/24 next-hop 1.1.1.1"))
	assert.Equal(t, []string{"error"}, m.Execute(context.Background(), "announce route x"))
	assert.Equal(t, []string{" announce 1.0.0.0/24 1.1.1.1 to bound"}, ctl.Calls())
}

func TestPyDuration(t *testing.T) {
	assert.Equal(t, "0:01:05", pyDuration(65e9))
	assert.Equal(t, "1 day, 1:00:00", pyDuration(25*3600e9))
	assert.Equal(t, "2 days, 0:00:01", pyDuration(48*3600e9+1e9))
}

// ribCtl lists a fixed adj-RIB-out.
type ribCtl struct {
	fakeCtl
	routes map[*config.Neighbor][]config.Route
}

func (c *ribCtl) AdjRIBOut(_ context.Context, sel session.Selector, fn func(*config.Neighbor, config.Route)) error {
	for n, rs := range c.routes {
		if !slices.ContainsFunc(sel, func(m session.PeerMatch) bool { return m.PeerAddress == n.PeerAddress }) {
			continue
		}
		for _, r := range rs {
			fn(n, r)
		}
	}
	return nil
}

func TestShowAdjRIBOut(t *testing.T) {
	a := neighbor("127.0.0.1", 1, 1)
	ctl := &ribCtl{routes: map[*config.Neighbor][]config.Route{a: {
		{NLRI: codec.NewPrefix(netip.MustParsePrefix("1.1.1.0/24")), NextHop: netip.MustParseAddr("2.2.2.2")},
	}}}
	m := New(&config.Config{Neighbors: []*config.Neighbor{a}}, testEnv(), ctl, testLog(t), Options{})
	tests := []struct {
		line string
		want []string
	}{
		{"show adj-rib out", []string{"neighbor 127.0.0.1 ipv4 unicast 1.1.1.0/24 next-hop 2.2.2.2", "done"}},
		{"show adj-rib out 127.0.0.1", []string{"neighbor 127.0.0.1 ipv4 unicast 1.1.1.0/24 next-hop 2.2.2.2", "done"}},
		{"show adj-rib out 10.0.0.1", []string{"done"}},
		{"show adj-rib out flow", []string{"done"}},
		{"show adj-rib out extensive", []string{neighborName(a) + " ipv4 unicast 1.1.1.0/24 next-hop 2.2.2.2", "done"}},
		{"show adj-rib in", []string{"done"}},
		{"show adj-rib sideways", []string{"error"}},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			assert.Equal(t, tt.want, m.Execute(context.Background(), tt.line))
		})
	}
}
