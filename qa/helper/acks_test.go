package helper

import (
	"bufio"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseCommands5(t *testing.T) {
	src := `# tests the per-helper ack switch. Every wait below is checked: if a check fails the helper reports
announce route 1.1.0.0/24 next-hop 101.1.101.1
# waits for 1 ack (it must come)
disable-ack
# waits for 1 ack (timeout 1 s): acks are now off, so this wait must time out; an ack here fails
# waits for 2 acks
# reads stdin (limit 7 s)
# reads one line: must be 'done'
# reads stdin (up to 5 s; stops at EOF or at a line containing 'shutdown'); Python flushes the buffer when
`
	c, err := ParseCommands(strings.NewReader(src))
	require.NoError(t, err)
	assert.True(t, c.Checked)
	assert.Equal(t, []Op{
		{Kind: OpPrint, Line: "announce route 1.1.0.0/24 next-hop 101.1.101.1"},
		{Kind: OpWaitAcks, Acks: 1, Check: AckMustCome},
		{Kind: OpPrint, Line: "disable-ack"},
		{Kind: OpWaitAcks, Acks: 1, Sleep: time.Second, Check: AckMustNot},
		{Kind: OpWaitAcks, Acks: 2},
		{Kind: OpRead, Sleep: 7 * time.Second},
		{Kind: OpReadDone},
		{Kind: OpRead, Sleep: 5 * time.Second},
	}, c.Ops)
}

// pipes runs a helper whose stdout the test reads line by line.
func pipes(t *testing.T, name, commands string) (io.WriteCloser, *bufio.Reader, <-chan error) {
	t.Helper()
	c, err := ParseCommands(strings.NewReader(commands))
	require.NoError(t, err)
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	ch := make(chan error, 1)
	go func() {
		ch <- New(name, c, inR, outW, io.Discard).Run(ctx)
		outW.Close()
	}()
	return inW, bufio.NewReader(outR), ch
}

func readOut(t *testing.T, r *bufio.Reader) string {
	t.Helper()
	l, err := r.ReadString('\n')
	require.NoError(t, err)
	return strings.TrimSuffix(l, "\n")
}

// TestCheckedWaits: an ack that must come, and one that must not.
func TestCheckedWaits(t *testing.T) {
	const cmds = "# Every wait below is checked\na\n# waits for 1 ack (it must come)\nb\n" +
		"# waits for 1 ack (timeout 0.2 s): must time out; an ack here fails\nc\n"
	// the daemon answers "a" and stays silent after "b": c goes out
	in, out, done := pipes(t, "api-ack-control", cmds)
	assert.Equal(t, "a", readOut(t, out))
	_, err := io.WriteString(in, `{ "answer": "done", "message": "command completed" }`+"\n")
	require.NoError(t, err)
	assert.Equal(t, "b", readOut(t, out))
	assert.Equal(t, "c", readOut(t, out))
	require.NoError(t, waitDone(t, done))

	// an ack where none may come ends the helper before "c"
	in, out, done = pipes(t, "api-ack-control", cmds)
	assert.Equal(t, "a", readOut(t, out))
	_, err = io.WriteString(in, "done\n")
	require.NoError(t, err)
	assert.Equal(t, "b", readOut(t, out))
	_, err = io.WriteString(in, "done\n")
	require.NoError(t, err)
	assert.Equal(t, ExitError{1}, waitDone(t, done))

	// an error answer fails a wait that must succeed
	in, out, done = pipes(t, "api-ack-control", cmds)
	assert.Equal(t, "a", readOut(t, out))
	_, err = io.WriteString(in, "error\n")
	require.NoError(t, err)
	assert.Equal(t, ExitError{1}, waitDone(t, done))
}

// TestGroupedWrites: commands with nothing between them go out together.
func TestGroupedWrites(t *testing.T) {
	stdin, out, done := run(t, "api-x", "a\nb\n# sleep 0.01\nc\n")
	stdin.Close()
	require.NoError(t, waitDone(t, done))
	assert.Equal(t, "a\nb\nc\n", out.String())
}

// TestAPIRR: the routes the peer sent back are checked before the last
// command; a wrong line is echoed as debug and the failure marker sent.
func TestAPIRR(t *testing.T) {
	const cmds = "x1\n# reads one line: must be 'done'\nx2\n# reads one line: must be 'done'\nrr\n# reads one line: must be 'done'\nlast\n# reads stdin (limit 1 s)\n"
	for _, ok := range []bool{true, false} {
		in, out, done := pipes(t, "api-rr", cmds)
		for _, want := range []string{"x1", "x2", "rr"} {
			assert.Equal(t, want, readOut(t, out))
			_, err := io.WriteString(in, "done\n")
			require.NoError(t, err)
		}
		second := `{ "nlri": "192.168.0.1/32" }`
		if !ok {
			second = "something else"
		}
		_, err := io.WriteString(in, `{ "nlri": "192.168.0.0/32" }`+"\n"+second+"\nshutdown\n")
		require.NoError(t, err)
		if ok {
			assert.Equal(t, "last", readOut(t, out))
		} else {
			assert.Equal(t, "debug something else", readOut(t, out))
			assert.Equal(t, "", readOut(t, out))
			assert.Equal(t, rrFailure, readOut(t, out))
		}
		require.NoError(t, waitDone(t, done))
	}
}
