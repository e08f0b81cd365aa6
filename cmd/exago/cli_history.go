package main

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
)

// historyLimit bounds the commands the interactive cli remembers.
const historyLimit = 500

// cliHistory is the interactive cli's command history: the lines of a
// file (~/.exago_history), oldest first, each new command appended to it
// as it is entered, so that the next session can recall it.
type cliHistory struct {
	path  string // "" keeps the history in memory only
	lines []string
}

// loadHistory reads path; a missing or unreadable file is an empty history.
func loadHistory(path string) *cliHistory {
	h := &cliHistory{path: path}
	if path == "" {
		return h
	}
	f, err := os.Open(path)
	if err != nil {
		return h
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			h.lines = append(h.lines, l)
		}
	}
	if len(h.lines) > historyLimit {
		h.lines = h.lines[len(h.lines)-historyLimit:]
	}
	return h
}

// defaultHistoryFile is ~/.exago_history, "" without a home folder.
func defaultHistoryFile() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return filepath.Join(home, ".exago_history")
}

// Add records a command (not a repeat of the last one) and appends it to
// the file; a file that cannot be written only loses the persistence.
func (h *cliHistory) Add(entry string) {
	entry = strings.TrimSpace(entry)
	if entry == "" || (len(h.lines) > 0 && h.lines[len(h.lines)-1] == entry) {
		return
	}
	h.lines = append(h.lines, entry)
	if len(h.lines) > historyLimit {
		h.lines = h.lines[1:]
	}
	if h.path == "" {
		return
	}
	f, err := os.OpenFile(h.path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return
	}
	_, _ = f.WriteString(entry + "\n")
	_ = f.Close()
}

// Len is the number of remembered commands.
func (h *cliHistory) Len() int { return len(h.lines) }

// At is a remembered command, 0 the most recent.
func (h *cliHistory) At(i int) string { return h.lines[len(h.lines)-1-i] }
