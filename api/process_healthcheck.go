package api

import (
	"os"
	"path"
	"regexp"
	"strings"

	"github.com/exago/exago/config"
)

// ExaBGP's healthcheck, as configurations start it, is run by exago's own
// "exago healthcheck" so that those "run" lines need no Python. The forms
// recognised are those ExaBGP's documentation, examples and wiki use:
//
//	exabgp healthcheck ARGS                      (any path whose last element is "exabgp")
//	exabgp --run healthcheck ARGS                (4.x and 5.0 READMEs)
//	python -m exabgp healthcheck ARGS            (python, python3, python3.11, /usr/bin/python3...)
//	python -m exabgp.application.healthcheck ARGS
//	python -m exabgp.healthcheck ARGS
//
// Anything else, including these words produced by an expansion ($VAR,
// `cmd`, globs), runs unchanged.

// pythonName matches the interpreters ExaBGP's examples run modules with.
var pythonName = regexp.MustCompile(`^python[23]?(\.[0-9]+)?$`)

// healthcheckModules are the "-m" modules that run ExaBGP's healthcheck.
var healthcheckModules = map[string]bool{
	"exabgp.application.healthcheck": true,
	"exabgp.healthcheck":             true,
}

// matchHealthcheck tells whether run, a /bin/sh command line, starts
// ExaBGP's healthcheck in one of the forms above. If so it returns the
// ExaBGP words that do (joined by spaces) and the rest of the line, byte
// for byte, so that the shell splits and expands the arguments as before.
func matchHealthcheck(run string) (exabgp, rest string, ok bool) {
	words := leadingWords(run, 4)
	n := healthcheckPrefix(words)
	if n == 0 {
		return "", "", false
	}
	vals := make([]string, n)
	for i, w := range words[:n] {
		vals[i] = w.val
	}
	return strings.Join(vals, " "), run[words[n-1].end:], true
}

// healthcheckLine is the line that runs exe's healthcheck with rest, the
// arguments as matchHealthcheck returned them.
func healthcheckLine(exe, rest string) string {
	return shellQuote(exe) + " healthcheck" + rest
}

// healthcheckPrefix returns how many of words start ExaBGP's healthcheck,
// 0 when they do not.
func healthcheckPrefix(words []shellWord) int {
	lit := func(i int) string {
		if i < len(words) && words[i].literal {
			return words[i].val
		}
		return "\x00" // matches no keyword
	}
	prg := lit(0)
	base := path.Base(prg)
	if strings.HasSuffix(prg, "/") {
		return 0
	}
	switch {
	case base == "exabgp" && lit(1) == "healthcheck":
		return 2
	case base == "exabgp" && lit(1) == "--run" && lit(2) == "healthcheck":
		return 3
	case pythonName.MatchString(base) && lit(1) == "-m" && lit(2) == "exabgp" && lit(3) == "healthcheck":
		return 4
	case pythonName.MatchString(base) && lit(1) == "-m" && healthcheckModules[lit(2)]:
		return 3
	}
	return 0
}

// shellWord is one word at the start of a /bin/sh command line.
type shellWord struct {
	// val is the word once quotes and backslashes are removed; only
	// meaningful when literal.
	val string
	// literal is false when the shell would expand the word: an unquoted
	// or double-quoted $ or `, or an unquoted glob character.
	literal bool
	// end is the offset in the line just after the word.
	end int
}

// leadingWords splits up to n words from the start of the simple command
// that begins line, as POSIX sh would before expansions. It stops early at
// an operator (| & ; < > ( ) or a newline), at an unterminated quote, and
// after a word that is not literal.
func leadingWords(line string, n int) []shellWord {
	var words []shellWord
	i := 0
	for len(words) < n {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t' || strings.HasPrefix(line[i:], "\\\n")) {
			if line[i] == '\\' {
				i++ // a backslash-newline joins lines
			}
			i++
		}
		if i == len(line) || strings.IndexByte("|&;<>()\n", line[i]) >= 0 {
			return words
		}
		var val strings.Builder
		literal := true
	word:
		for i < len(line) {
			c := line[i]
			switch {
			case c == ' ' || c == '\t' || strings.IndexByte("|&;<>()\n", c) >= 0:
				break word
			case c == '\'':
				j := strings.IndexByte(line[i+1:], '\'')
				if j < 0 {
					return words
				}
				val.WriteString(line[i+1 : i+1+j])
				i += j + 2
			case c == '"':
				i++
				for {
					if i == len(line) {
						return words
					}
					d := line[i]
					if d == '"' {
						i++
						break
					}
					if d == '$' || d == '`' {
						literal = false
					}
					if d == '\\' && i+1 < len(line) && strings.IndexByte("$`\"\\\n", line[i+1]) >= 0 {
						if line[i+1] != '\n' {
							val.WriteByte(line[i+1])
						}
						i += 2
						continue
					}
					val.WriteByte(d)
					i++
				}
			case c == '\\':
				if i+1 == len(line) {
					return words
				}
				if line[i+1] != '\n' { // a backslash-newline joins lines
					val.WriteByte(line[i+1])
				}
				i += 2
			default:
				if strings.IndexByte("$`*?[", c) >= 0 {
					literal = false
				}
				val.WriteByte(c)
				i++
			}
		}
		words = append(words, shellWord{val: val.String(), literal: literal, end: i})
		if !literal {
			return words
		}
	}
	return words
}

// commandLine is the /bin/sh line that starts proc: ExaBGP's healthcheck
// mapped to exago's, else the "run" line with its program resolved.
func (h *helper) commandLine(proc *config.Process) string {
	exabgp, rest, ok := matchHealthcheck(proc.Run)
	if !ok {
		return resolveRun(proc.Run, proc.Dir)
	}
	exe := h.m.opts.Executable
	if exe == "" {
		var err error
		if exe, err = os.Executable(); err != nil {
			h.log.Warn("cannot find exago's binary to run ExaBGP's healthcheck, running the command as written", "exabgp", exabgp, "error", err)
			return resolveRun(proc.Run, proc.Dir)
		}
	}
	h.log.Info("running exago's healthcheck in place of ExaBGP's", "exabgp", exabgp, "exago", exe+" healthcheck")
	return healthcheckLine(exe, rest)
}
