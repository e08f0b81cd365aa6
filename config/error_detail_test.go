package config

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var updateDetail = flag.Bool("update-detail", false, "rewrite testdata/invalid/*.detail from the current output")

// TestInvalidDetail compares the detailed form of the errors of
// testdata/invalid/*.conf with the golden .detail file next to each, for
// the confs that have one.
func TestInvalidDetail(t *testing.T) {
	for _, path := range globFiles(t, "testdata", "invalid", "*.conf") {
		golden := strings.TrimSuffix(path, ".conf") + ".detail"
		if _, err := os.Stat(golden); err != nil && !*updateDetail {
			continue
		}
		t.Run(filepath.Base(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			require.NoError(t, err)
			_, err = Parse(filepath.Base(path), src)
			require.Error(t, err)
			got := FormatError(err) + "\n"
			if *updateDetail {
				require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
				return
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err)
			assert.Equal(t, string(want), got)
		})
	}
}

// TestKeywordListsAccepted checks every keyword a "did you mean" hint may
// suggest is one its block knows, so no hint points to another error.
func TestKeywordListsAccepted(t *testing.T) {
	const head = "neighbor 10.0.0.1 {\n router-id 10.0.0.2; local-address 10.0.0.2; local-as 1; peer-as 2;\n"
	tests := []struct {
		name    string
		known   []string
		conf    func(kw string) string
		unknown string
	}{
		{"section", sectionKeywords, func(kw string) string { return kw + " x { }\n" }, "unknown section"},
		{"process", processKeywords, func(kw string) string { return "process p { " + kw + " x; }\n" }, "unknown process keyword"},
		{"neighbor", neighborKeywords, func(kw string) string { return head + kw + " x;\n}\n" }, "unknown neighbor keyword"},
		{"neighbor section", neighborSections, func(kw string) string { return head + kw + " { }\n}\n" }, "unknown neighbor section"},
		{"capability", capabilityKeywords, func(kw string) string { return head + "capability { " + kw + " x; }\n}\n" }, "unknown capability"},
		{"api", apiKeywords, func(kw string) string { return head + "api { " + kw + " x; }\n}\n" }, "unknown api keyword"},
		{"api receive", apiKinds, func(kw string) string { return head + "api { receive { " + kw + "; } }\n}\n" }, "unknown receive option"},
	}
	var err error
	for _, tc := range tests {
		for _, kw := range tc.known {
			t.Run(tc.name+"/"+kw, func(t *testing.T) {
				_, err := Parse("kw.conf", []byte(tc.conf(kw)))
				if err != nil {
					assert.NotContains(t, err.Error(), tc.unknown)
				}
			})
		}
	}
	// Route keywords: the word after the keyword may be refused, not the
	// keyword itself.
	const route = "static { route 10.0.0.0/24 next-hop 10.0.0.3 "
	for _, kw := range routeKeywords {
		t.Run("route/"+kw, func(t *testing.T) {
			_, err := Parse("kw.conf", []byte(head+route+kw+" x; }\n}\n"))
			var pe *PosError
			if errors.As(err, &pe) && pe.Msg == "unknown route attribute" {
				assert.NotEqual(t, len(route)+1, pe.Pos.Column, "%v", err)
			}
		})
	}
	// The checks can fail: made-up keywords are reported unknown.
	_, err = Parse("kw.conf", []byte(head+route+"colour x; }\n}\n"))
	var pe *PosError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "unknown route attribute", pe.Msg)
	assert.Equal(t, len(route)+1, pe.Pos.Column)
	_, err = Parse("kw.conf", []byte(head+"hold-timer 3;\n}\n"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "unknown neighbor keyword")
}

func TestClosest(t *testing.T) {
	known := []string{"hold-time", "local-as", "peer-as", "router-id"}
	tests := []struct {
		word, want string
	}{
		{"hold-timer", "hold-time"},
		{"holdtime", "hold-time"},
		{"peer-asn", "peer-as"},
		{"routerid", "router-id"},
		{"local-as", ""}, // an exact match is no suggestion
		{"zzz", ""},
		{"", ""},
		{"completely-different", ""},
	}
	for _, tc := range tests {
		t.Run(tc.word, func(t *testing.T) {
			assert.Equal(t, tc.want, closest(tc.word, known))
		})
	}
	assert.Equal(t, 3, editDistance("kitten", "sitting"))
	assert.Equal(t, 0, editDistance("", ""))
	assert.Equal(t, 4, editDistance("", "abcd"))
}

func TestDetail(t *testing.T) {
	src := []byte("a\n\tb c;\r\nlast")
	tests := []struct {
		name string
		err  *PosError
		want string
	}{
		{
			name: "tab expanded and caret under the column",
			err:  &PosError{Pos: Position{File: "f", Line: 2, Column: 4}, Msg: "m", source: src},
			want: "   |\n 2 |     b c;\n   |       ^",
		},
		{
			name: "column past the end",
			err:  &PosError{Pos: Position{File: "f", Line: 3, Column: 9}, Msg: "m", source: src},
			want: "   |\n 3 | last\n   |      ^",
		},
		{
			name: "line past the end",
			err:  &PosError{Pos: Position{File: "f", Line: 9, Column: 1}, Msg: "m", source: src},
			want: "",
		},
		{
			name: "no position",
			err:  &PosError{Pos: Position{File: "f"}, Msg: "syntax error", source: src},
			want: "",
		},
		{
			name: "hint without source",
			err:  &PosError{Pos: Position{File: "/nonexistent/f.conf", Line: 1, Column: 1}, Msg: `"x" is an invalid ASN`},
			want: "hint: an AS number is a decimal from 0 to 4294967295 (or ASPLAIN.ASDOT like 1.10)",
		},
		{
			name: "wide line numbers",
			err:  &PosError{Pos: Position{File: "f", Line: 10, Column: 1}, Msg: "m", source: []byte(strings.Repeat("\n", 9) + "x;")},
			want: "    |\n 10 | x;\n    | ^",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.err.Detail())
		})
	}
}

// TestFormatErrorFromLoad checks Load keeps the source (the file is gone
// when the error is rendered) and FormatError keeps wrapping intact.
func TestFormatErrorFromLoad(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.conf")
	require.NoError(t, os.WriteFile(path, []byte("neighbor 127.0.0.1 {\n\tlocal-as 65000;\n\tpeer-as bogus;\n}\n"), 0o644))
	_, err := Load(path)
	require.Error(t, err)
	require.NoError(t, os.Remove(path))
	want := path + `:3:10: "bogus" is an invalid ASN
   |
 3 |     peer-as bogus;
   |             ^
hint: an AS number is a decimal from 0 to 4294967295 (or ASPLAIN.ASDOT like 1.10)`
	assert.Equal(t, want, FormatError(err))
	assert.Equal(t, path+`:3:10: "bogus" is an invalid ASN`, err.Error())

	wrapped := fmt.Errorf("reload: %w", err)
	assert.Equal(t, "reload: "+want, FormatError(wrapped))
	assert.Equal(t, "plain", FormatError(errors.New("plain")))
	assert.Empty(t, FormatError(nil))
}
