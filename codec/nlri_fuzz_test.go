package codec

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fuzzFamilies are the families FuzzNLRI picks from with its first byte.
var fuzzFamilies = []Family{
	IPv4Unicast, IPv6Unicast, IPv4Multicast, IPv6Multicast, IPv4MPLS, IPv6MPLS,
	IPv4VPN, IPv6VPN, IPv4Flow, IPv6Flow, IPv4FlowVPN, IPv6FlowVPN, IPv4RTC,
	L2VPNVPLS, L2VPNEVPN, BGPLS, BGPLSVPN, IPv4SRPolicy, IPv6SRPolicy,
	IPv4MUP, IPv6MUP, IPv4MVPN, IPv6MVPN,
}

// fuzzInput builds a FuzzNLRI input: family index, add-path flag, NLRI.
func fuzzInput(f Family, addPath bool, nlri []byte) []byte {
	for i, ff := range fuzzFamilies {
		if ff == f {
			ap := byte(0)
			if addPath {
				ap = 1
			}
			return append([]byte{byte(i), ap}, nlri...)
		}
	}
	panic(fmt.Sprintf("family %s not fuzzed", f))
}

// FuzzNLRI checks, for every family, that what decodes re-encodes to bytes
// that decode to the same NLRI.
func FuzzNLRI(f *testing.F) {
	for _, c := range builtCases() {
		b, err := AppendNLRIs(nil, c.m.NLRI, false)
		require.NoError(f, err)
		f.Add(fuzzInput(c.m.Family, false, b))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 2 {
			return
		}
		fam := fuzzFamilies[int(data[0])%len(fuzzFamilies)]
		addPath := data[1]&1 != 0
		ns, err := DecodeNLRIs(fam, data[2:], addPath)
		if err != nil {
			return
		}
		b, err := AppendNLRIs(nil, ns, addPath)
		require.NoError(t, err, "re-encode %v", ns)
		again, err := DecodeNLRIs(fam, b, addPath)
		require.NoError(t, err, "decode re-encoded %x", b)
		assert.Equal(t, ns, again)
		for _, n := range ns {
			_ = n.String()
			assert.Equal(t, fam, n.Family())
		}
	})
}

// FuzzMPReach checks MP_REACH_NLRI and MP_UNREACH_NLRI values: what decodes
// re-encodes to a value that decodes equal. The first byte sets add-path.
func FuzzMPReach(f *testing.F) {
	for _, c := range builtCases() {
		v, err := c.m.AppendValue(nil, Options{})
		require.NoError(f, err)
		f.Add(append([]byte{0}, v...))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 1 {
			return
		}
		o := Options{}
		if data[0]&1 != 0 {
			o.AddPath = map[Family]bool{}
			for _, fam := range fuzzFamilies {
				o.AddPath[fam] = true
			}
		}
		decoders := []func([]byte, Options) (Attribute, error){DecodeMPReach, DecodeMPUnreach}
		for _, decode := range decoders {
			a, err := decode(data[1:], o)
			if err != nil {
				continue
			}
			v, err := a.AppendValue(nil, o)
			require.NoError(t, err, "re-encode %v", a)
			again, err := decode(v, o)
			require.NoError(t, err, "decode re-encoded %x", v)
			assert.Equal(t, a, again)
		}
	})
}

// TestWriteFuzzSeeds writes the QA messages' MP_REACH/MP_UNREACH values and
// their NLRI as seed corpus files under testdata/fuzz (EXAGO_NLRI_SEED=1).
func TestWriteFuzzSeeds(t *testing.T) {
	if os.Getenv("EXAGO_NLRI_SEED") == "" {
		t.Skip("set EXAGO_NLRI_SEED=1 to rewrite the fuzz seed corpus")
	}
	write := func(target string, i int, b []byte) {
		dir := filepath.Join("testdata", "fuzz", target)
		require.NoError(t, os.MkdirAll(dir, 0o755))
		body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", b)
		require.NoError(t, os.WriteFile(filepath.Join(dir, fmt.Sprintf("qa-%02d", i)), []byte(body), 0o644))
	}
	n := 0
	for _, c := range loadExaBGPDecode(t) {
		for _, a := range updateAttrs(t, unhex(t, c.hex)) {
			if a.code != AttrMPReach && a.code != AttrMPUnreach {
				continue
			}
			write("FuzzMPReach", n, append([]byte{0}, a.value...))
			var attr Attribute
			var err error
			if a.code == AttrMPReach {
				attr, err = DecodeMPReach(a.value, Options{})
			} else {
				attr, err = DecodeMPUnreach(a.value, Options{})
			}
			require.NoError(t, err)
			var fam Family
			var ns []NLRI
			switch m := attr.(type) {
			case MPReach:
				fam, ns = m.Family, m.NLRI
			case MPUnreach:
				fam, ns = m.Family, m.NLRI
			}
			b, err := AppendNLRIs(nil, ns, false)
			require.NoError(t, err)
			write("FuzzNLRI", n, fuzzInput(fam, false, b))
			n++
		}
	}
}
