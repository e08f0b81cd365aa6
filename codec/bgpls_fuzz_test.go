package codec

import (
	"encoding/hex"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bgplsFuzzFamilies are the families FuzzBGPLS picks from with the low bits
// of its first byte; the next bit turns add-path on, the one after makes
// the input a BGP-LS attribute value instead.
var bgplsFuzzFamilies = []Family{BGPLS, BGPLSVPN, IPv4SRPolicy, IPv6SRPolicy}

// decodeBGPLSFuzz decodes every entry of b: bgp-ls through the registry,
// sr-policy through DecodeSRPolicy.
func decodeBGPLSFuzz(f Family, b []byte, addPath bool) ([]NLRI, error) {
	if f.SAFI != SAFISRPolicy {
		return DecodeNLRIs(f, b, addPath)
	}
	var out []NLRI
	for len(b) > 0 {
		n, rest, err := DecodeSRPolicy(f, b, addPath)
		if err != nil {
			return out, err
		}
		out = append(out, n)
		b = rest
	}
	return out, nil
}

// FuzzBGPLS checks that bgp-ls and sr-policy NLRI and BGP-LS attribute
// values that decode re-encode to the same bytes, which decode equal.
func FuzzBGPLS(f *testing.F) {
	files, err := filepath.Glob("testdata/bgpls/*.golden")
	require.NoError(f, err)
	for _, path := range files {
		_, ns, a := bgplsGoldenUpdate(f, strings.TrimSuffix(filepath.Base(path), ".golden"))
		for _, n := range ns {
			b, err := n.AppendNLRI(nil, false)
			require.NoError(f, err)
			fi := byte(0)
			if n.Family() == BGPLSVPN {
				fi = 1
			}
			f.Add(append([]byte{fi}, b...))
		}
		if a != nil {
			v, err := a.AppendValue(nil, Options{})
			require.NoError(f, err)
			f.Add(append([]byte{8}, v...))
		}
	}
	f.Add([]byte{2, 0x60, 0, 0, 0, 1, 0, 0, 0, 100, 10, 0, 0, 1})
	f.Add(append([]byte{3, 0xC0, 0, 0, 0, 1, 0, 0, 0, 100}, make([]byte, 16)...))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 1 {
			return
		}
		sel, data := data[0], data[1:]
		if sel&8 != 0 {
			a, err := DecodeBGPLSAttribute(data, Options{})
			if err != nil {
				return
			}
			for _, raw := range a.(BGPLSAttribute) {
				typed := DecodeBGPLSTLV(raw)
				assert.Equal(t, hex.EncodeToString(raw.Value), hex.EncodeToString(typed.AppendTLVValue(nil)), "%v", typed)
				assert.Equal(t, raw.Type, typed.TLVType())
				_ = typed.String()
			}
			v, err := NewBGPLSAttribute(a.(BGPLSAttribute).TLVs()...).AppendValue(nil, Options{})
			require.NoError(t, err)
			assert.Equal(t, hex.EncodeToString(data), hex.EncodeToString(v))
			return
		}
		fam := bgplsFuzzFamilies[int(sel&3)]
		addPath := sel&4 != 0
		ns, err := decodeBGPLSFuzz(fam, data, addPath)
		if err != nil {
			return
		}
		b, err := AppendNLRIs(nil, ns, addPath)
		require.NoError(t, err, "re-encode %v", ns)
		assert.Equal(t, hex.EncodeToString(data), hex.EncodeToString(b))
		again, err := decodeBGPLSFuzz(fam, b, addPath)
		require.NoError(t, err, "decode re-encoded %x", b)
		assert.Equal(t, ns, again)
		for _, n := range ns {
			_ = n.String()
			assert.Equal(t, fam, n.Family())
		}
	})
}
