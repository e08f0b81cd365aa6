package metrics

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Registry gathers the daemons' sources for one endpoint. Sources may be
// added and removed while it serves (one daemon per configuration file,
// reloads).
type Registry struct {
	reg *prometheus.Registry
	col *collector
}

// NewRegistry builds an empty registry reporting version as the build,
// with the Go runtime and process collectors.
func NewRegistry(version string) *Registry {
	r := &Registry{reg: prometheus.NewRegistry(), col: &collector{version: version}}
	r.reg.MustRegister(r.col,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return r
}

// Add reports p and h (either may be nil) until the returned function is
// called.
func (r *Registry) Add(p PeerSource, h HelperSource) (remove func()) {
	c := r.col
	c.mu.Lock()
	defer c.mu.Unlock()
	c.next++
	id := c.next
	c.sources = append(c.sources, source{id: id, peers: p, helpers: h})
	return func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.sources = slices.DeleteFunc(c.sources, func(s source) bool { return s.id == id })
	}
}

// Handler serves the exposition format.
func (r *Registry) Handler() http.Handler {
	// a collector error leaves the other metrics served
	return promhttp.HandlerFor(r.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
}

// Listen opens the endpoint's socket, so that a bad address is an error at
// start rather than later.
func Listen(address string) (net.Listener, error) {
	ln, err := net.Listen("tcp", address)
	if err != nil {
		return nil, fmt.Errorf("metrics endpoint %s: %w", address, err)
	}
	return ln, nil
}

// Serve answers /metrics on ln until ctx ends.
func (r *Registry) Serve(ctx context.Context, ln net.Listener, log *slog.Logger) error {
	mux := http.NewServeMux()
	mux.Handle("/metrics", r.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	log.Info("metrics endpoint listening", "address", ln.Addr().String())
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("metrics endpoint: %w", err)
	}
	<-stopped
	return nil
}
