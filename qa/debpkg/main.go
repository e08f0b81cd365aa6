// Command debpkg builds exago's Debian package with nfpm: the binary built
// from this checkout, the systemd units, /etc/exago/ with the example
// configuration, its helper and exabgp.env (conffiles: kept on remove,
// deleted on purge), and the exago(1) man page the binary generates from
// its flag definitions.
//
//	cd qa/debpkg && go run . [--out DIR] [--version V]
//
// It is a module of its own so that nfpm's dependencies stay out of
// exago's.
package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/goreleaser/nfpm/v2"
	"github.com/goreleaser/nfpm/v2/deb"
	"github.com/goreleaser/nfpm/v2/files"
	"github.com/spf13/pflag"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], os.Stdout)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "debpkg:", err)
		os.Exit(1)
	}
}

// options say what to build.
type options struct {
	root, out, version, arch string
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := pflag.NewFlagSet("debpkg", pflag.ContinueOnError)
	var o options
	fs.StringVar(&o.root, "root", "../..", "exago checkout")
	fs.StringVar(&o.out, "out", "dist", "folder to write the .deb to")
	fs.StringVar(&o.version, "version", "0.1.0~dev", "package version")
	fs.StringVar(&o.arch, "arch", runtime.GOARCH, "GOARCH to build for (Debian names amd64 and arm64 are the same)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	path, err := build(ctx, o)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, path)
	return nil
}

// build compiles exago, generates its man page and writes the package; it
// returns the package's path.
func build(ctx context.Context, o options) (string, error) {
	root, err := filepath.Abs(o.root)
	if err != nil {
		return "", err
	}
	work, err := os.MkdirTemp("", "exago-deb")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(work)

	bin := filepath.Join(work, "exago")
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags", "-s -w -X main.version="+o.version, "-o", bin, "./cmd/exago")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH="+o.arch)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go build: %w", err)
	}
	man, err := manPage(ctx, bin, o.arch)
	if err != nil {
		return "", err
	}
	manPath := filepath.Join(work, "exago.1.gz")
	if err := os.WriteFile(manPath, man, 0o644); err != nil {
		return "", err
	}

	here := func(p string) string { return filepath.Join(root, p) }
	scripts := filepath.Join(root, "qa", "debpkg", "scripts")
	mode := func(m os.FileMode) *files.ContentFileInfo { return &files.ContentFileInfo{Mode: m} }
	info := &nfpm.Info{
		Name:        "exago",
		Arch:        o.arch,
		Platform:    "linux",
		Version:     o.version,
		Section:     "net",
		Priority:    "optional",
		Maintainer:  "exago developers <exago@example.org>",
		Description: "BGP route injector compatible with ExaBGP\nexago reads ExaBGP 4 configuration files and exabgp.env settings,\nopens the BGP sessions and speaks the helper-process API of ExaBGP,\nwith Prometheus metrics, syslog logging and systemd integration.",
		Homepage:    "https://github.com/exago/exago",
		License:     "BSD-3-Clause",
		Overridables: nfpm.Overridables{
			Depends: []string{"adduser | passwd"},
			Contents: files.Contents{
				{Source: bin, Destination: "/usr/bin/exago", FileInfo: mode(0o755)},
				{Source: manPath, Destination: "/usr/share/man/man1/exago.1.gz", FileInfo: mode(0o644)},
				{Source: here("etc/systemd/exago.service"), Destination: "/lib/systemd/system/exago.service", FileInfo: mode(0o644)},
				{Source: here("etc/systemd/exago@.service"), Destination: "/lib/systemd/system/exago@.service", FileInfo: mode(0o644)},
				{Source: here("etc/exago.conf"), Destination: "/etc/exago/exago.conf", Type: files.TypeConfigNoReplace, FileInfo: mode(0o640)},
				{Source: here("etc/exabgp.env"), Destination: "/etc/exago/exabgp.env", Type: files.TypeConfigNoReplace, FileInfo: mode(0o640)},
				{Source: here("etc/run/announce.sh"), Destination: "/etc/exago/run/announce.sh", Type: files.TypeConfigNoReplace, FileInfo: mode(0o755)},
				{Source: here("docs/deploy.md"), Destination: "/usr/share/doc/exago/deploy.md", FileInfo: mode(0o644)},
				{Source: here("README.md"), Destination: "/usr/share/doc/exago/README.md", FileInfo: mode(0o644)},
			},
			Scripts: nfpm.Scripts{
				PostInstall: filepath.Join(scripts, "postinst.sh"),
				PreRemove:   filepath.Join(scripts, "prerm.sh"),
				PostRemove:  filepath.Join(scripts, "postrm.sh"),
			},
		},
		MTime: time.Unix(0, 0).UTC(),
	}
	info = nfpm.WithDefaults(info)
	if err := nfpm.PrepareForPackager(info, "deb"); err != nil {
		return "", fmt.Errorf("nfpm: %w", err)
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return "", err
	}
	target := filepath.Join(o.out, deb.Default.ConventionalFileName(info))
	f, err := os.Create(target)
	if err != nil {
		return "", err
	}
	if err := deb.Default.Package(info, f); err != nil {
		f.Close()
		return "", fmt.Errorf("nfpm deb: %w", err)
	}
	if err := f.Close(); err != nil {
		return "", err
	}
	return filepath.Abs(target)
}

// manPage runs "exago man" (the flag definitions rendered as roff) and
// gzips it, as Debian ships man pages. A cross-built binary cannot run
// here: the host's build is used for the page then.
func manPage(ctx context.Context, bin, arch string) ([]byte, error) {
	if arch != runtime.GOARCH {
		return nil, fmt.Errorf("man page: build for %s on %s is not supported", arch, runtime.GOARCH)
	}
	cmd := exec.CommandContext(ctx, bin, "man")
	cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH=0")
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("exago man: %w", err)
	}
	if !strings.HasPrefix(string(out), ".TH EXAGO 1") {
		return nil, fmt.Errorf("exago man: not a man page")
	}
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	zw.Write(out)
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
