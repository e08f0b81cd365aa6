package config

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Load reads and builds the configuration files at paths into one Config:
// the neighbors and processes of every file, in order, templates and
// process names shared. Errors are *PosError values printing as
// "file:line:col: message".
//
// ExaBGP 4.2 itself never merges files: given several, it runs one daemon
// per file, or, with exabgp.debug.rotate set (as the QA runner does), loads
// the first file and moves to the next one on each reload (SIGUSR1), going
// round. A caller reproducing that calls Load with one file at a time.
func Load(paths ...string) (*Config, error) {
	return newBuilder().load(paths)
}

func (b *builder) load(paths []string) (*Config, error) {
	for _, path := range paths {
		src, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("read configuration: %w", err)
		}
		dir, err := filepath.Abs(filepath.Dir(path))
		if err != nil {
			return nil, fmt.Errorf("configuration folder of %s: %w", path, err)
		}
		if err := b.file(path, dir, src); err != nil {
			return nil, withSource(err, b.sources)
		}
	}
	if err := b.finish(); err != nil {
		return nil, withSource(err, b.sources)
	}
	return b.cfg, nil
}

// Parse builds the configuration held in src; name is the file name used
// in positions, and its folder becomes the processes' working folder.
func Parse(name string, src []byte) (*Config, error) {
	b := newBuilder()
	dir := filepath.Dir(name)
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	if err := b.file(name, dir, src); err != nil {
		return nil, withSource(err, b.sources)
	}
	if err := b.finish(); err != nil {
		return nil, withSource(err, b.sources)
	}
	return b.cfg, nil
}

// builder is the second pass: it walks the statement tree of each file and
// fills the model.
type builder struct {
	cfg       *Config
	templates map[string]*Node
	processes map[string]*Process
	peers     map[string]Position
	// matches are the neighbors' processes-match expressions.
	matches []neighborMatches
	// routes parses a route-bearing block; routesFromBlock but in tests.
	routes func(*Node) ([]Route, error)
	// sources are the texts of the files read, by name, for errors.
	sources map[string][]byte
	// shared are the routes of each route-bearing statement read so far
	// (routesOf).
	shared map[*Node][]Route
}

func newBuilder() *builder {
	return &builder{
		cfg:       &Config{},
		templates: map[string]*Node{},
		processes: map[string]*Process{},
		peers:     map[string]Position{},
		routes:    routesFromBlock,
		sources:   map[string][]byte{},
		shared:    map[*Node][]Route{},
	}
}

// file builds one configuration file. Templates are collected first so a
// neighbor may inherit one defined further down.
func (b *builder) file(name, dir string, src []byte) error {
	b.sources[name] = src
	nodes, warns, fixes, err := parseTreeLenient(name, src)
	if err != nil {
		return err
	}
	b.cfg.Warnings = append(b.cfg.Warnings, warns...)
	nodes, warns = modernize(nodes, func(t string) bool { return b.templates[t] != nil })
	b.cfg.Warnings = append(b.cfg.Warnings, warns...)
	if err := b.nodes(name, dir, nodes); err != nil {
		if ferr := fixedError(fixes, err); ferr != nil {
			return ferr
		}
		return err
	}
	return nil
}

// nodes builds the top-level statements of one file.
func (b *builder) nodes(name, dir string, nodes []*Node) error {
	b.cfg.Files = append(b.cfg.Files, name)
	for _, n := range nodes {
		if keyword(n) == "template" {
			if err := b.template(n); err != nil {
				return err
			}
		}
	}
	for _, n := range nodes {
		switch keyword(n) {
		case "template":
		case "process":
			if err := b.process(n, dir); err != nil {
				return err
			}
		case "neighbor", "peer":
			if err := b.neighbor(n); err != nil {
				return err
			}
		case "group":
			// a 3.x group block was flattened by modernize
			return errorAt(n.Pos, "group needs a { } block")
		default:
			return errorAt(n.Pos, "unknown section %q (expected process, neighbor or template)", keyword(n))
		}
	}
	return nil
}

// neighborMatches are the processes-match expressions of one neighbor.
type neighborMatches struct {
	nb      *Neighbor
	matches []processMatch
}

// finish does what needs every file: it resolves processes-match and
// checks the processes named by api blocks exist.
func (b *builder) finish() error {
	for _, m := range b.matches {
		for _, pm := range m.matches {
			api := &m.nb.APIs[pm.api]
			found := false
			for _, p := range b.cfg.Processes {
				if loc := pm.re.FindStringIndex(p.Name); loc != nil && loc[0] == 0 {
					found = true
					if !slices.Contains(api.Processes, p.Name) {
						api.Processes = append(api.Processes, p.Name)
					}
				}
			}
			if !found {
				return errorAt(pm.pos, "no process matches processes-match %q", pm.re.String())
			}
		}
	}
	for _, nb := range b.cfg.Neighbors {
		for _, api := range nb.APIs {
			for _, name := range api.Processes {
				if _, ok := b.processes[name]; !ok {
					return errorAt(api.Pos, "an api called %q is used by neighbor %s but not defined", name, nb.PeerAddress)
				}
			}
		}
	}
	return nil
}

// template records "template { neighbor NAME { ... } }".
func (b *builder) template(n *Node) error {
	if !n.Block {
		return errorAt(n.Pos, "template needs a { } block")
	}
	for _, c := range n.Children {
		if keyword(c) != "neighbor" || !c.Block {
			return errorAt(c.Pos, "unknown template section %q (expected neighbor NAME { })", keyword(c))
		}
		if len(c.Words) != 2 {
			return errorAt(c.Pos, "template neighbor needs one name")
		}
		name := c.Words[1].Text
		if _, dup := b.templates[name]; dup {
			return errorAt(c.Words[1].Pos, "duplicate template %q", name)
		}
		b.templates[name] = c
	}
	return nil
}

// process reads "process NAME { run CMD...; encoder text|json; respawn; }".
func (b *builder) process(n *Node, dir string) error {
	if len(n.Words) != 2 || !n.Block {
		return errorAt(n.Pos, "syntax: process NAME { run COMMAND; encoder text|json; }")
	}
	p := &Process{Name: n.Words[1].Text, Dir: dir, Respawn: true, Pos: n.Pos}
	if prev, dup := b.processes[p.Name]; dup {
		return errorAt(n.Words[1].Pos, "a process section called %q already exists (at %s)", p.Name, posString(prev.Pos))
	}
	var seenRun, seenEncoder bool
	for _, c := range n.Children {
		if c.Block {
			return errorAt(c.Pos, "unexpected block %q in process", keyword(c))
		}
		args := c.Words[1:]
		switch keyword(c) {
		case "run":
			if len(args) == 0 {
				return errorAt(c.Pos, "run needs a command")
			}
			p.Args = p.Args[:0]
			for _, w := range args {
				p.Args = append(p.Args, w.Text)
			}
			p.Run = joinCommand(p.Args)
			seenRun = true
		case "encoder":
			v, err := oneWord(c)
			if err != nil {
				return err
			}
			if v.Text != "text" && v.Text != "json" {
				return errorAt(v.Pos, "%q is an invalid option (expected text or json)", v.Text)
			}
			p.Encoder = v.Text
			seenEncoder = true
		case "respawn":
			v, err := boolArg(c, true)
			if err != nil {
				return err
			}
			p.Respawn = v
		default:
			return errorAt(c.Pos, "unknown process keyword %q (expected run, encoder or respawn)", keyword(c))
		}
	}
	switch {
	case !seenRun && !seenEncoder:
		return errorAt(n.Pos, "unset process sections: run, encoder")
	case !seenRun:
		return errorAt(n.Pos, "unset process sections: run")
	case !seenEncoder:
		return errorAt(n.Pos, "unset process sections: encoder")
	}
	b.processes[p.Name] = p
	b.cfg.Processes = append(b.cfg.Processes, p)
	return nil
}

// joinCommand joins argv into one line for /bin/sh -c. A word the shell
// would split or expand (blanks, quotes, $, backquote, backslash) is put in
// single quotes, so it reaches the program as ExaBGP hands it over: one
// argument, unexpanded (ExaBGP runs helpers without a shell).
func joinCommand(args []string) string {
	parts := make([]string, len(args))
	for i, a := range args {
		if a == "" || strings.ContainsAny(a, " \t\n'\"$`\\") {
			parts[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
			continue
		}
		parts[i] = a
	}
	return strings.Join(parts, " ")
}

// keyword is the first word of a statement.
func keyword(n *Node) string {
	if len(n.Words) == 0 {
		return ""
	}
	return n.Words[0].Text
}
