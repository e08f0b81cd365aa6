package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Migrate reads the configuration file at path and returns it rewritten in
// ExaBGP 4.x syntax, with the warnings naming each 3.x construct changed:
// the rewrite the daemon applies when it loads the file, printed, and
// "family { minimal; }" spelled out as the families the neighbor's routes
// need. The file must load (the error is the one Load reports). Comments
// are not kept.
func Migrate(path string) ([]byte, []Warning, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("read configuration: %w", err)
	}
	dir, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return nil, nil, fmt.Errorf("configuration folder of %s: %w", path, err)
	}
	b := newBuilder()
	b.sources[path] = src
	nodes, warns, fixes, err := parseTreeLenient(path, src)
	if err != nil {
		return nil, nil, withSource(err, b.sources)
	}
	nodes, more := modernize(expandRuns(nodes), nil)
	warns = append(warns, more...)
	if err := b.nodes(path, dir, nodes); err != nil {
		if ferr := fixedError(fixes, err); ferr != nil {
			err = ferr
		}
		return nil, nil, withSource(err, b.sources)
	}
	if err := b.finish(); err != nil {
		return nil, nil, withSource(err, b.sources)
	}
	// the neighbors are built in the order of their sections
	i := 0
	for _, n := range nodes {
		switch keyword(n) {
		case "neighbor", "peer":
			if i < len(b.cfg.Neighbors) {
				spellMinimal(n, b.cfg.Neighbors[i])
			}
			i++
		}
	}
	return printTree(nodes), warns, nil
}

// spellMinimal replaces "minimal" in the family blocks of n with the
// families the built neighbor negotiates.
func spellMinimal(n *Node, nb *Neighbor) {
	for _, c := range n.Children {
		if !c.Block || keyword(c) != "family" {
			continue
		}
		var kept []*Node
		for _, f := range c.Children {
			if strings.ToLower(keyword(f)) != "minimal" {
				kept = append(kept, f)
				continue
			}
			for _, fam := range nb.Families {
				afi, safi, _ := strings.Cut(fam.String(), " ")
				kept = append(kept, &Node{Words: []Token{{Text: afi, Pos: f.Pos}, {Text: safi, Pos: f.Pos}}, Pos: f.Pos})
			}
		}
		c.Children = kept
	}
}
