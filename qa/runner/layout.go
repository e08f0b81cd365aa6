package runner

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Work is a temporary folder the daemon runs in: etc/ with the suite's
// confs, etc/run/ with one script per helper, bin/ with the helper program,
// log/ with one log per test. Everything is world-readable: a daemon
// started as root may drop to nobody.
type Work struct {
	Dir    string
	Helper string // helper program copied into bin/
}

// NewWork creates a work folder under parent (os.TempDir when empty) and
// copies the helper program (the running executable when helper is empty).
func NewWork(parent, helper string) (*Work, error) {
	dir, err := os.MkdirTemp(parent, "exago-qa-")
	if err != nil {
		return nil, fmt.Errorf("work folder: %w", err)
	}
	w := &Work{Dir: dir}
	for _, d := range []string{"", "etc", "etc/run", "bin", "log"} {
		p := filepath.Join(dir, d)
		if err := os.MkdirAll(p, 0o755); err != nil {
			return nil, fmt.Errorf("work folder: %w", err)
		}
		if err := os.Chmod(p, 0o755); err != nil {
			return nil, fmt.Errorf("work folder: %w", err)
		}
	}
	// a place the daemon's helpers may write to once privileges are dropped
	if err := os.Mkdir(filepath.Join(dir, "tmp"), 0o777); err != nil {
		return nil, fmt.Errorf("work folder: %w", err)
	}
	if err := os.Chmod(filepath.Join(dir, "tmp"), 0o777); err != nil {
		return nil, fmt.Errorf("work folder: %w", err)
	}
	if helper == "" {
		if helper, err = os.Executable(); err != nil {
			return nil, fmt.Errorf("helper program: %w", err)
		}
	}
	w.Helper = filepath.Join(dir, "bin", "qa")
	if err := copyFile(helper, w.Helper, 0o755); err != nil {
		return nil, fmt.Errorf("helper program: %w", err)
	}
	return w, nil
}

// Remove deletes the work folder.
func (w *Work) Remove() error { return os.RemoveAll(w.Dir) }

func copyFile(from, to string, mode os.FileMode) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	return os.Chmod(to, mode)
}

func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// AddSuite copies the suite's etc/*.conf (and exabgp.env) into etc/ and
// writes etc/run/NAME.run for every helper they name, calling the helper
// program with the suite's api/NAME.commands.
func (w *Work) AddSuite(s *Suite) error {
	files, err := filepath.Glob(filepath.Join(s.Dir, "etc", "*"))
	if err != nil {
		return fmt.Errorf("suite confs: %w", err)
	}
	for _, f := range files {
		if st, err := os.Stat(f); err != nil || st.IsDir() {
			continue
		}
		if err := copyFile(f, filepath.Join(w.Dir, "etc", filepath.Base(f)), 0o644); err != nil {
			return fmt.Errorf("suite conf: %w", err)
		}
		if !strings.HasSuffix(f, ".conf") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			return fmt.Errorf("suite conf: %w", err)
		}
		for _, rel := range helperScripts(b) {
			name := strings.TrimSuffix(filepath.Base(rel), filepath.Ext(rel))
			cmds := filepath.Join(s.Dir, "api", name+".commands")
			script := fmt.Sprintf("#!/bin/sh\nexec %s helper --name %s --commands %s\n",
				shellQuote(w.Helper), shellQuote(name), shellQuote(cmds))
			if err := w.WriteScript(filepath.Join("etc", rel), script); err != nil {
				return err
			}
		}
	}
	return nil
}

// WriteScript writes an executable file at rel inside the work folder.
func (w *Work) WriteScript(rel, content string) error {
	p := filepath.Join(w.Dir, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return fmt.Errorf("script %s: %w", rel, err)
	}
	if err := os.WriteFile(p, []byte(content), 0o755); err != nil {
		return fmt.Errorf("script %s: %w", rel, err)
	}
	return os.Chmod(p, 0o755)
}

// ModuleRoot finds the exago module root from dir upwards.
func ModuleRoot(dir string) (string, error) {
	d, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		b, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil && strings.Contains(string(b), "module github.com/exago/exago\n") {
			return d, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", fmt.Errorf("no github.com/exago/exago module above %s", dir)
		}
		d = parent
	}
}

// BuildExago builds ./cmd/exago of the module at root into the work folder.
func (w *Work) BuildExago(root string) (string, error) {
	out := filepath.Join(w.Dir, "bin", "exago")
	cmd := exec.Command("go", "build", "-o", out, "./cmd/exago")
	cmd.Dir = root
	msg, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build ./cmd/exago: %w\n%s", err, msg)
	}
	if err := os.Chmod(out, 0o755); err != nil {
		return "", fmt.Errorf("build exago: %w", err)
	}
	return out, nil
}
