package session

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/config"
)

// manyNeighborsConf is k neighbors announcing the same n routes with the
// same attributes through a template.
func manyNeighborsConf(k, n int) string {
	var b strings.Builder
	b.WriteString("template {\n neighbor shared {\n  local-as 65000;\n  peer-as 65000;\n  static {\n")
	for i := range n {
		fmt.Fprintf(&b, "   route 10.0.%d.%d/32 next-hop 192.0.2.1 med 10 community [ 65000:1 65000:2 ];\n", i>>8, i&255)
	}
	b.WriteString("  }\n }\n}\n")
	for i := range k {
		fmt.Fprintf(&b, "neighbor 127.0.0.1 {\n inherit shared;\n router-id 1.1.1.1;\n local-address 127.0.1.%d;\n}\n", i+1)
	}
	return b.String()
}

// TestAttrPoolAcrossNeighbors: neighbors announcing routes with the same
// attributes hold one set between them, not one each; the pool forgets a
// set once no neighbor uses it.
func TestAttrPoolAcrossNeighbors(t *testing.T) {
	cfg, err := config.Parse("pool.conf", []byte(manyNeighborsConf(3, 10)))
	require.NoError(t, err)
	r := New(cfg, config.Env{}, nil, nil)
	require.Len(t, r.peers, 3)
	assert.Equal(t, 1, r.attrs.len(), "one set for every neighbor")

	var first *attrSet
	for _, p := range r.peers {
		require.Equal(t, 10, p.rib.len())
		require.Len(t, p.rib.attrs.index, 1)
		for _, i := range p.rib.attrs.index {
			s := p.rib.attrs.sets[i]
			require.NotEmpty(t, s.attrs)
			if first == nil {
				first = s
				continue
			}
			assert.Same(t, &first.attrs[0], &s.attrs[0], "attribute values shared, not copied")
			assert.Equal(t, first.key, s.key)
		}
	}

	rs := r.peers[0].rib.routesOut()
	for _, p := range r.peers {
		for i := range rs {
			require.NoError(t, p.rib.update(&rs[i], true, false))
		}
		p.rib.release(p.rib.takePending())
	}
	assert.Zero(t, r.attrs.len(), "no neighbor uses the set any more")
}
