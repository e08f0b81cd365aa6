package interop

import (
	"bufio"
	"strings"
)

// birdRoute is one route of "birdc show route all": its first line and
// its attributes by name ("BGP.next_hop": "10.0.0.1").
type birdRoute struct {
	Line  string
	Attrs map[string]string
}

// parseBirdRoutes reads the output of "birdc show route all" into routes
// by prefix. Only the first path of a prefix is kept.
func parseBirdRoutes(out string) map[string]birdRoute {
	routes := map[string]birdRoute{}
	var cur *birdRoute
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "" || strings.HasPrefix(line, "BIRD ") || strings.HasPrefix(line, "Table "):
			cur = nil
		case line[0] != ' ' && line[0] != '\t':
			prefix, _, _ := strings.Cut(line, " ")
			if _, seen := routes[prefix]; seen {
				cur = nil
				continue
			}
			routes[prefix] = birdRoute{Line: line, Attrs: map[string]string{}}
			r := routes[prefix]
			cur = &r
		case line[0] == '\t' && cur != nil:
			name, value, ok := strings.Cut(strings.TrimSpace(line), ":")
			if ok {
				cur.Attrs[name] = strings.TrimSpace(value)
			}
		default:
			// a second path of the same prefix ("  via ...")
			cur = nil
		}
	}
	return routes
}
