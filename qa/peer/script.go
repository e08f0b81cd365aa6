package peer

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
)

// Kind is what a .msg entry expects.
type Kind int

// Entry kinds of a .msg file.
const (
	// KindRaw is a whole BGP message compared byte for byte.
	KindRaw Kind = iota
	// KindAnnounce is an IPv4 prefix in the NLRI of an UPDATE.
	KindAnnounce
	// KindWithdraw is an IPv4 prefix in the withdrawn routes of an UPDATE.
	KindWithdraw
	// KindSignal makes the peer send a signal to the daemon.
	KindSignal
	// KindNotification makes the peer send a Cease NOTIFICATION whose
	// data is Value (5.0 suites).
	KindNotification
)

func (k Kind) String() string {
	switch k {
	case KindRaw:
		return "raw"
	case KindAnnounce:
		return "announce"
	case KindWithdraw:
		return "withdraw"
	case KindSignal:
		return "signal"
	case KindNotification:
		return "notification"
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Entry is one expectation line of a .msg file.
type Entry struct {
	Conn  byte   // connection letter, 'A' when the line has none
	Step  int    // step number
	Kind  Kind   // what is expected
	Value string // upper-case hex without separators (raw), prefix (announce/withdraw), signal name
	Line  int    // line number in the .msg file
}

// Key is the text the received message is compared with: the hex of a raw
// message, or "announce:P" / "withdraw:P".
func (e Entry) Key() string {
	switch e.Kind {
	case KindAnnounce, KindWithdraw:
		return e.Kind.String() + ":" + e.Value
	}
	return e.Value
}

// String renders the entry as in the .msg file (raw hex split as
// marker:length:type:body).
func (e Entry) String() string {
	v := e.Value
	if e.Kind == KindRaw {
		v = splitHex(v)
	}
	return fmt.Sprintf("%c%d:%s:%s", e.Conn, e.Step, e.Kind, v)
}

// Step is the set of entries which may arrive in any order.
type Step struct {
	Number  int
	Entries []Entry
}

// ConnScript is what one TCP session must carry, step by step.
type ConnScript struct {
	Letter byte
	Steps  []Step
	// Raw is true when any entry of the connection is raw: every message
	// is then compared as bytes, as the legacy peer does.
	Raw bool
}

// Options are the option: lines of a .msg file.
type Options struct {
	SendUnknownCapability bool // option:open:send-unknown-capability
	SendDefaultRoute      bool // option:update:send-default-route
	SendNotification      bool // option:notification:send-notification

	// 5.0 options
	InspectOpen        bool   // option:open:inspect-open-message: the daemon's OPEN is the first entry
	SendUnknownMessage bool   // option:open:send-unknown-message: a type 255 message after the OPEN
	ASN                uint16 // option:asn:N: answer as AS N (0: echo the daemon's AS)
	BindIPv6           bool   // option:bind:ipv6: listen on ::1 only
	TCPConnections     int    // option:tcp_connections:N: read by the runner (0: not given)
}

// Script is a parsed .msg file.
type Script struct {
	Options Options
	Conns   []ConnScript
}

// LoadScript reads and parses a .msg file.
func LoadScript(path string) (*Script, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load script: %w", err)
	}
	defer f.Close()
	s, err := ParseScript(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// ParseScript parses the .msg format. As the legacy peer does, a line
// holding '#' anywhere is a comment.
func ParseScript(r io.Reader) (*Script, error) {
	s := &Script{}
	conns := map[byte]map[int][]Entry{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.Contains(line, "#") {
			continue
		}
		switch line {
		case "option:open:send-unknown-capability":
			s.Options.SendUnknownCapability = true
			continue
		case "option:update:send-default-route":
			s.Options.SendDefaultRoute = true
			continue
		case "option:notification:send-notification":
			s.Options.SendNotification = true
			continue
		}
		if ok, err := s.Options.parseValued(line); ok || err != nil {
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", n, err)
			}
			continue
		}
		if strings.HasPrefix(line, "option:") {
			return nil, fmt.Errorf("line %d: unknown option %q", n, line)
		}
		e, err := parseEntry(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		e.Line = n
		if conns[e.Conn] == nil {
			conns[e.Conn] = map[int][]Entry{}
		}
		conns[e.Conn][e.Step] = append(conns[e.Conn][e.Step], e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read script: %w", err)
	}
	letters := make([]int, 0, len(conns))
	for l := range conns {
		letters = append(letters, int(l))
	}
	sort.Ints(letters)
	for _, l := range letters {
		steps := conns[byte(l)]
		cs := ConnScript{Letter: byte(l)}
		nums := make([]int, 0, len(steps))
		for k := range steps {
			nums = append(nums, k)
		}
		sort.Ints(nums)
		for _, k := range nums {
			for _, e := range steps[k] {
				if e.Kind == KindRaw {
					cs.Raw = true
				}
			}
			cs.Steps = append(cs.Steps, Step{Number: k, Entries: steps[k]})
		}
		s.Conns = append(s.Conns, cs)
	}
	return s, nil
}

func parseEntry(line string) (Entry, error) {
	head, rest, ok := strings.Cut(line, ":")
	if !ok || head == "" {
		return Entry{}, fmt.Errorf("no step in %q", line)
	}
	e := Entry{Conn: 'A'}
	if c := head[0]; c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
		e.Conn = strings.ToUpper(head[:1])[0]
		head = head[1:]
	}
	step, err := strconv.Atoi(head)
	if err != nil {
		return Entry{}, fmt.Errorf("bad step %q in %q", head, line)
	}
	e.Step = step
	kind, value, ok := strings.Cut(rest, ":")
	if !ok {
		return Entry{}, fmt.Errorf("no value in %q", line)
	}
	switch kind {
	case "raw":
		e.Kind = KindRaw
		e.Value = strings.ToUpper(strings.NewReplacer(":", "", " ", "").Replace(value))
	case "announce":
		e.Kind = KindAnnounce
		e.Value = value
	case "withdraw":
		e.Kind = KindWithdraw
		e.Value = value
	case "signal":
		e.Kind = KindSignal
		e.Value = strings.ToUpper(value)
		if _, err := SignalByName(e.Value); err != nil {
			return Entry{}, err
		}
	case "notification":
		// only what follows the last ':' is sent, lower-cased, as 5.0's peer does
		e.Kind = KindNotification
		e.Value = strings.ToLower(value[strings.LastIndex(value, ":")+1:])
	default:
		return Entry{}, fmt.Errorf("unknown entry kind %q in %q", kind, line)
	}
	return e, nil
}

// splitHex shows a message's hex as marker:length:type:body.
func splitHex(h string) string {
	if len(h) < 38 {
		return h
	}
	return h[:32] + ":" + h[32:36] + ":" + h[36:38] + ":" + h[38:]
}

// parseValued reads the 5.0 options; it reports whether line was one.
func (o *Options) parseValued(line string) (bool, error) {
	switch line {
	case "option:open:inspect-open-message":
		o.InspectOpen = true
		return true, nil
	case "option:open:send-unknown-message":
		o.SendUnknownMessage = true
		return true, nil
	case "option:bind:ipv6":
		o.BindIPv6 = true
		return true, nil
	}
	number := func(prefix string, bits int) (uint64, bool, error) {
		v, ok := strings.CutPrefix(line, prefix)
		if !ok {
			return 0, false, nil
		}
		n, err := strconv.ParseUint(v, 10, bits)
		if err != nil {
			return 0, true, fmt.Errorf("bad number in %q", line)
		}
		return n, true, nil
	}
	if n, ok, err := number("option:asn:", 16); ok {
		o.ASN = uint16(n)
		return true, err
	}
	if n, ok, err := number("option:tcp_connections:", 16); ok {
		o.TCPConnections = int(n)
		return true, err
	}
	return false, nil
}

// Steps lists every step of every connection letter in order (A1, A2,
// B1...): 5.0's peer reads the entries as one list whatever the sessions.
func (s *Script) Steps() []Step {
	var out []Step
	for _, c := range s.Conns {
		out = append(out, c.Steps...)
	}
	return out
}
