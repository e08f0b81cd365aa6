package codec

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// exabgpAttrText is the text ExaBGP prints for one decoded attribute
// (Attributes._generate_text), "" for those it does not print.
func exabgpAttrText(a Attribute) string {
	str := func() string { return a.(fmt.Stringer).String() }
	switch x := a.(type) {
	case Origin:
		return "origin " + str()
	case ASPath:
		if len(x) == 0 {
			return "" // ExaBGP drops an empty AS_PATH when decoding
		}
		return "as-path " + str()
	case MED:
		return "med " + str()
	case LocalPref:
		return "local-preference " + str()
	case AtomicAggregate:
		return "atomic-aggregate"
	case Aggregator:
		return "aggregator ( " + str() + " )"
	case Communities:
		return "community " + str()
	case LargeCommunities:
		return "large-community " + str()
	case OriginatorID:
		return "originator-id " + str()
	case ClusterList:
		return "cluster-list " + str()
	case ExtendedCommunities:
		return "extended-community " + str()
	case PMSITunnel:
		return "pmsi " + str()
	case PrefixSID:
		return "bgp-prefix-sid " + str()
	case IPv6ExtendedCommunities:
		return fmt.Sprintf("attribute [ 0x%02X 0x%02X %s ]", uint8(x.Code()), uint8(x.Flags()), str())
	case Generic:
		return fmt.Sprintf("attribute [ 0x%02X 0x%02X %s ]", uint8(x.AttrCode), uint8(x.AttrFlags), str())
	}
	return ""
}

// TestAttributeTextExaBGP decodes each QA UPDATE and checks that the text
// form of every attribute appears in what ExaBGP printed for it.
func TestAttributeTextExaBGP(t *testing.T) {
	raws := map[string]qaMessage{}
	for _, m := range qaMessages(t) {
		raws[m.id] = m
	}
	fh, err := os.Open("testdata/attr_exabgp_text.txt")
	require.NoError(t, err)
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	sc.Buffer(nil, 1<<20)
	checked := 0
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		id, text, _ := strings.Cut(line, " ")
		m, ok := raws[id]
		require.True(t, ok, "no QA message %s", id)
		t.Run(id, func(t *testing.T) {
			msg, err := DecodeMessage(m.raw, m.o)
			require.NoError(t, err)
			for _, a := range msg.(Update).Attributes {
				if want := exabgpAttrText(a); want != "" {
					assert.Contains(t, text+" ", " "+want+" ", "%T", a)
					checked++
				}
			}
		})
	}
	require.NoError(t, sc.Err())
	t.Logf("%d attribute texts checked", checked)
	assert.Greater(t, checked, 300)
}
