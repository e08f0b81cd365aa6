package codec

import (
	"bufio"
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// qaDir locates the ExaBGP QA data: $EXAGO_QA_DIR, else ../shared/exabgp-qa
// relative to the module root.
func qaDir(t testing.TB) string {
	t.Helper()
	d, ok := findQADir()
	if !ok {
		t.Skipf("exabgp qa data not found at %s (set EXAGO_QA_DIR)", d)
	}
	return d
}

// findQADir locates the legacy QA data: $EXAGO_QA_DIR, or ../shared beside
// the clone. ok is false when it is not there.
func findQADir() (dir string, ok bool) {
	if d := os.Getenv("EXAGO_QA_DIR"); d != "" {
		return d, true
	}
	_, file, _, _ := runtime.Caller(0)
	d := filepath.Join(filepath.Dir(file), "..", "..", "shared", "exabgp-qa")
	_, err := os.Stat(filepath.Join(d, "ci"))
	return d, err == nil
}

// qaMessage is one raw message of a .msg file.
type qaMessage struct {
	id  string // file:line
	raw []byte
	o   Options
}

var addPathBlock = regexp.MustCompile(`(?s)\badd-path\s*\{([^}]*)\}`)

// qaOptions guesses the negotiated options of a test from its
// configuration: asn4 unless disabled; add-path for the families of an
// "add-path { }" block, or ExaBGP's add-path families when only the
// capability is set.
func qaOptions(t testing.TB, dir, ci string) Options {
	t.Helper()
	o := Options{ASN4: true}
	ciText, err := os.ReadFile(filepath.Join(dir, "ci", ci))
	require.NoError(t, err)
	for _, conf := range strings.Fields(string(ciText)) {
		text, err := os.ReadFile(filepath.Join(dir, "etc", conf))
		require.NoError(t, err)
		s := string(text)
		if strings.Contains(s, "asn4 disable") {
			o.ASN4 = false
		}
		if !strings.Contains(s, "add-path send") && !strings.Contains(s, "add-path receive") {
			continue
		}
		o.AddPath = map[Family]bool{}
		if m := addPathBlock.FindStringSubmatch(s); m != nil {
			for _, line := range strings.Split(m[1], ";") {
				f := strings.Fields(line)
				if len(f) != 2 {
					continue
				}
				afi, ok1 := ParseAFI(f[0])
				safi, ok2 := ParseSAFI(f[1])
				if ok1 && ok2 {
					o.AddPath[Family{afi, safi}] = true
				}
			}
			continue
		}
		for _, f := range []Family{IPv4Unicast, IPv6Unicast, IPv4MPLS, IPv6MPLS, IPv4VPN, IPv6VPN} {
			o.AddPath[f] = true
		}
	}
	return o
}

// qaMessages reads every "raw:" entry of the QA .msg files.
func qaMessages(t testing.TB) []qaMessage {
	t.Helper()
	dir := qaDir(t)
	files, err := filepath.Glob(filepath.Join(dir, "ci", "*.msg"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	var out []qaMessage
	for _, f := range files {
		base := strings.TrimSuffix(filepath.Base(f), ".msg")
		o := qaOptions(t, dir, base+".ci")
		fh, err := os.Open(f)
		require.NoError(t, err)
		sc := bufio.NewScanner(fh)
		sc.Buffer(nil, 1<<20)
		for n := 1; sc.Scan(); n++ {
			_, h, ok := strings.Cut(sc.Text(), ":raw:")
			if !ok {
				continue
			}
			raw, err := hex.DecodeString(strings.ReplaceAll(strings.TrimSpace(h), ":", ""))
			require.NoError(t, err, "%s:%d", f, n)
			out = append(out, qaMessage{id: base + ":" + strconv.Itoa(n), raw: raw, o: o})
		}
		require.NoError(t, sc.Err())
		fh.Close()
	}
	return out
}

// qaKnownFailures are QA messages whose NLRI families or attributes are
// not supported yet. Shrink it as they land: the test fails when one of
// them passes.
var qaKnownFailures = map[string]bool{}

func TestQARoundTrip(t *testing.T) {
	msgs := qaMessages(t)
	require.NotEmpty(t, msgs)
	pass := 0
	for _, m := range msgs {
		t.Run(m.id, func(t *testing.T) {
			err := roundTrip(m)
			if qaKnownFailures[m.id] {
				if err == nil {
					t.Errorf("%s now round-trips: remove it from qaKnownFailures", m.id)
				}
				return
			}
			if assert.NoError(t, err) {
				pass++
			}
		})
	}
	t.Logf("%d of %d QA messages round-trip, %d known failures", pass, len(msgs), len(qaKnownFailures))
}

// roundTrip decodes m and re-encodes it, comparing bytes.
func roundTrip(m qaMessage) error {
	msg, err := DecodeMessage(m.raw, m.o)
	if err != nil {
		return err
	}
	b, err := AppendMessage(nil, msg, m.o)
	if err != nil {
		return err
	}
	if hex.EncodeToString(b) != hex.EncodeToString(m.raw) {
		return &mismatch{want: m.raw, got: b}
	}
	return nil
}

type mismatch struct{ want, got []byte }

func (e *mismatch) Error() string {
	return "re-encoded bytes differ:\nwant " + strings.ToUpper(hex.EncodeToString(e.want)) + "\ngot  " + strings.ToUpper(hex.EncodeToString(e.got))
}
