package helper

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseCommands(t *testing.T) {
	src := `announce route 1.1.0.0/24 next-hop 101.1.101.1
# sleep 0.3
# a hand-written comment
announce route 1.1.0.0/25 next-hop 101.1.101.1
# sleep 1   (time for the configured routes to be sent)
# reads stdin
`
	c, err := ParseCommands(strings.NewReader(src))
	require.NoError(t, err)
	assert.Equal(t, []Op{
		{Kind: OpPrint, Line: "announce route 1.1.0.0/24 next-hop 101.1.101.1"},
		{Kind: OpSleep, Sleep: 300 * time.Millisecond},
		{Kind: OpPrint, Line: "announce route 1.1.0.0/25 next-hop 101.1.101.1"},
		{Kind: OpSleep, Sleep: time.Second},
		{Kind: OpRead},
	}, c.Ops)
	assert.Len(t, c.Lines, 2)

	_, err = ParseCommands(strings.NewReader("# sleep soon\n"))
	assert.Error(t, err)
}

// run starts a helper with the daemon's side of its pipes.
func run(t *testing.T, name, commands string) (stdin io.WriteCloser, stdout *strings.Builder, done <-chan error) {
	t.Helper()
	var cmds *Commands
	if commands != "" {
		c, err := ParseCommands(strings.NewReader(commands))
		require.NoError(t, err)
		cmds = c
	}
	r, w := io.Pipe()
	out := &strings.Builder{}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	ch := make(chan error, 1)
	go func() { ch <- New(name, cmds, r, out, io.Discard).Run(ctx) }()
	return w, out, ch
}

func waitDone(t *testing.T, done <-chan error) error {
	t.Helper()
	select {
	case err := <-done:
		return err
	case <-time.After(8 * time.Second):
		t.Fatal("helper did not end")
	}
	return nil
}

func TestReplay(t *testing.T) {
	stdin, out, done := run(t, "api-x", "a\n# sleep 0.05\nb\n# reads stdin\nc\n")
	// the helper blocks at "# reads stdin" until the daemon says shutdown
	_, err := io.WriteString(stdin, "shutdown\n")
	require.NoError(t, err)
	require.NoError(t, waitDone(t, done))
	assert.Equal(t, "a\nb\nc\n", out.String())
}

func TestReplayEOF(t *testing.T) {
	stdin, out, done := run(t, "api-x", "a\n# reads stdin\n")
	stdin.Close()
	require.NoError(t, waitDone(t, done))
	assert.Equal(t, "a\n", out.String())
}

func TestAPICheck(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  string
		code  int
	}{
		{"expected line", "neighbor 127.0.0.1 receive update start\n" + checkExpected + "\nshutdown\n",
			"neighbor 127.0.0.1 announce route 1.2.3.4 next-hop 5.6.7.8\n", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			stdin, out, done := run(t, "api-check", "neighbor 127.0.0.1 announce route 1.2.3.4 next-hop 5.6.7.8\n")
			_, err := io.WriteString(stdin, tc.input)
			require.NoError(t, err)
			err = waitDone(t, done)
			if tc.code == 0 {
				require.NoError(t, err)
			}
			assert.Equal(t, tc.want, out.String())
		})
	}
}

func TestAPIOpen(t *testing.T) {
	stdin, out, done := run(t, "api-open", "announce route 1.1.1.1/32 next-hop 101.1.101.1 med 200\n")
	_, err := io.WriteString(stdin, `{"type": "open", "neighbor": {}}`+"\n")
	require.NoError(t, err)
	stdin.Close()
	require.NoError(t, waitDone(t, done))
	assert.Equal(t, "announce route 1.1.1.1/32 next-hop 101.1.101.1 med 200\n", out.String())

	stdin, _, done = run(t, "api-open", "")
	_, err = io.WriteString(stdin, "not json open\n")
	require.NoError(t, err)
	assert.Equal(t, ExitError{1}, waitDone(t, done))
}

func TestAPINothing(t *testing.T) {
	stdin, out, done := run(t, "api-api.nothing", apiFailure+"\n")
	_, err := io.WriteString(stdin, "some data\n")
	require.NoError(t, err)
	stdin.Close()
	require.NoError(t, waitDone(t, done))
	assert.Equal(t, apiFailure+"\n", out.String())
}

func TestBenchRoute(t *testing.T) {
	assert.Equal(t, "announce route 10.0.0.0/32 next-hop 192.0.2.1\n", string(BenchRoute(nil, 0)))
	assert.Equal(t, "announce route 10.1.134.159/32 next-hop 192.0.2.1\n", string(BenchRoute(nil, 99999)))
}
