package healthcheck

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

// ReadConfigFile reads the file of --config as ExaBGP's healthcheck does
// and returns the equivalent command line: blank lines and lines starting
// with "#" are skipped, every other line is a long option without its
// dashes, either bare ("debug") or followed by "=" and its value
// ("command = curl -sf http://127.0.0.1/"), spaces around both trimmed.
func ReadConfigFile(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--config: %w", err)
	}
	defer f.Close()
	var args []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, value, hasValue := strings.Cut(line, "=")
		name = strings.TrimSpace(name)
		if name == "" || strings.ContainsAny(name, " \t") {
			return nil, fmt.Errorf("%s:%d: %q is not an option (expected NAME or NAME = VALUE)", path, n, line)
		}
		args = append(args, "--"+name)
		if hasValue {
			args = append(args, strings.TrimSpace(value))
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("--config %s: %w", path, err)
	}
	return args, nil
}
