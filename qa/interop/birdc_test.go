package interop

import (
	"bufio"
	"strings"
)

// birdRoute is one path of "birdc show route all": its first line and
// its attributes by name ("BGP.next_hop": "10.0.0.1").
type birdRoute struct {
	Line  string
	Attrs map[string]string
}

// parseBirdRoutes reads the output of "birdc show route all" into routes
// by prefix, keeping the first path of each prefix.
func parseBirdRoutes(out string) map[string]birdRoute {
	routes := map[string]birdRoute{}
	for p, paths := range parseBirdPaths(out) {
		routes[p] = paths[0]
	}
	return routes
}

// parseBirdPaths reads the output of "birdc show route all" into every
// path of each prefix, in bird's order.
func parseBirdPaths(out string) map[string][]birdRoute {
	paths := map[string][]birdRoute{}
	var cur *birdRoute
	prefix := ""
	flush := func() {
		if cur != nil {
			paths[prefix] = append(paths[prefix], *cur)
			cur = nil
		}
	}
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "" || strings.HasPrefix(line, "BIRD ") || strings.HasPrefix(line, "Table "):
			flush()
			prefix = ""
		case line[0] != ' ' && line[0] != '\t':
			flush()
			prefix, _, _ = strings.Cut(line, " ")
			cur = &birdRoute{Line: line, Attrs: map[string]string{}}
		case line[0] == ' ' && prefix != "":
			// another path of the same prefix
			flush()
			cur = &birdRoute{Line: strings.TrimSpace(line), Attrs: map[string]string{}}
		case line[0] == '\t' && cur != nil:
			name, value, ok := strings.Cut(strings.TrimSpace(line), ":")
			if ok {
				cur.Attrs[name] = strings.TrimSpace(value)
			}
		}
	}
	flush()
	return paths
}
