package codec

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// exabgpCase is one UPDATE of testdata/nlri_exabgp_decode.txt with the NLRI
// texts ExaBGP printed for it.
type exabgpCase struct {
	hex  string
	want []string
}

func loadExaBGPDecode(t testing.TB) []exabgpCase {
	t.Helper()
	f, err := os.Open("testdata/nlri_exabgp_decode.txt")
	require.NoError(t, err)
	defer f.Close()
	var out []exabgpCase
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		l := sc.Text()
		switch {
		case strings.HasPrefix(l, "hex "):
			out = append(out, exabgpCase{hex: l[4:]})
		case strings.HasPrefix(l, "nlri "):
			require.NotEmpty(t, out)
			out[len(out)-1].want = append(out[len(out)-1].want, l[5:])
		}
	}
	require.NoError(t, sc.Err())
	require.NotEmpty(t, out)
	return out
}

// TestNLRIExaBGPDecode decodes MP_REACH_NLRI / MP_UNREACH_NLRI of QA
// messages, compares the text with what ExaBGP 4.2 printed for them, and
// re-encodes the attributes to the same bytes.
func TestNLRIExaBGPDecode(t *testing.T) {
	for _, c := range loadExaBGPDecode(t) {
		t.Run(c.want[0], func(t *testing.T) {
			msg := unhex(t, c.hex)
			var got []string
			for _, a := range updateAttrs(t, msg) {
				var attr Attribute
				var err error
				switch a.code {
				case AttrMPReach:
					attr, err = DecodeMPReach(a.value, Options{})
					require.NoError(t, err)
					m := attr.(MPReach)
					for _, n := range m.NLRI {
						got = append(got, NLRIText(n, m.NextHop))
						// ExaBGP decodes each NLRI once per next hop
						// (global, then link-local).
						if m.LinkLocal.IsValid() {
							got = append(got, NLRIText(n, m.LinkLocal))
						}
					}
				case AttrMPUnreach:
					attr, err = DecodeMPUnreach(a.value, Options{})
					require.NoError(t, err)
					for _, n := range attr.(MPUnreach).NLRI {
						got = append(got, NLRIText(n, netipZero))
					}
				default:
					continue
				}
				v, err := attr.AppendValue(nil, Options{})
				require.NoError(t, err)
				assert.Equal(t, a.value, v, "re-encoded attribute %d", a.code)
			}
			assert.Equal(t, c.want, got)
		})
	}
}
