package api

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
	"github.com/exago/exago/session"
)

// tagEncoder tags what it encodes with its method and the process name.
type tagEncoder struct{ name string }

func (e tagEncoder) State(_ *config.Neighbor, _ session.PeerInfo, s session.State, _ string) []byte {
	return fmt.Appendf(nil, "%s state %s\n", e.name, s)
}

func (e tagEncoder) Message(_ *config.Neighbor, _ session.PeerInfo, dir session.Direction, msg codec.Message, _ []byte) []byte {
	return fmt.Appendf(nil, "%s parsed %s %d\n", e.name, dir, msg.Type())
}

func (e tagEncoder) Consolidated(_ *config.Neighbor, _ session.PeerInfo, dir session.Direction, msg codec.Message, _ []byte) []byte {
	return fmt.Appendf(nil, "%s consolidated %s %d\n", e.name, dir, msg.Type())
}

func (e tagEncoder) Packets(_ *config.Neighbor, _ session.PeerInfo, dir session.Direction, raw []byte) []byte {
	return fmt.Appendf(nil, "%s packets %s %d\n", e.name, dir, raw[18])
}

func (e tagEncoder) Shutdown() []byte { return []byte(e.name + " shutdown\n") }

// keepalive is a KEEPALIVE body for the tests.
type keepalive struct{}

func (keepalive) Type() codec.MsgType                                  { return codec.MsgKeepalive }
func (keepalive) AppendBody(b []byte, _ codec.Options) ([]byte, error) { return b, nil }

func keepaliveRaw() []byte {
	raw := make([]byte, 19)
	for i := range 16 {
		raw[i] = 0xff
	}
	raw[17], raw[18] = 19, byte(codec.MsgKeepalive)
	return raw
}

func TestObserverRouting(t *testing.T) {
	tests := []struct {
		name string
		api  config.API
		dir  session.Direction
		want string
	}{
		{"parsed", config.API{Receive: []string{"parsed", "keepalive"}}, session.Received, "p parsed receive 4\n"},
		{"packets", config.API{Receive: []string{"packets", "keepalive"}}, session.Received, "p packets receive 4\n"},
		{"parsed and packets", config.API{Receive: []string{"packets", "parsed", "keepalive"}}, session.Received, "p packets receive 4\np parsed receive 4\n"},
		{"consolidate", config.API{Receive: []string{"packets", "consolidate", "keepalive"}}, session.Received, "p consolidated receive 4\n"},
		{"consolidate without packets", config.API{Receive: []string{"consolidate", "keepalive"}}, session.Received, "p parsed receive 4\n"},
		{"kind not asked", config.API{Receive: []string{"parsed", "update"}}, session.Received, ""},
		{"other direction", config.API{Send: []string{"parsed", "keepalive"}}, session.Received, ""},
		{"send", config.API{Send: []string{"parsed", "keepalive"}}, session.Sent, "p parsed send 4\n"},
		{"neighbor-changes only", config.API{NeighborChanges: true}, session.Received, "p state up\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.api.Processes = []string{"p"}
			n := neighbor("127.0.0.1", 1, 1)
			n.APIs = []config.API{tt.api}
			cfg := &config.Config{Processes: []*config.Process{{Name: "p"}, {Name: "unbound"}}, Neighbors: []*config.Neighbor{n}}
			m := New(cfg, testEnv(), &fakeCtl{}, testLog(t), Options{
				NewEncoder: func(p *config.Process) Encoder { return tagEncoder{p.Name} },
			})
			q := newOutQueue(1<<20, m.log)
			m.helperNamed("p").out.Store(q)
			other := newOutQueue(1<<20, m.log)
			m.helperNamed("unbound").out.Store(other)

			m.Message(n, session.PeerInfo{}, tt.dir, keepalive{}, keepaliveRaw())
			m.StateChanged(n, session.PeerInfo{}, session.StateUp, "")
			assert.Equal(t, tt.want, string(q.buf))
			assert.Empty(t, other.buf)
		})
	}
}
