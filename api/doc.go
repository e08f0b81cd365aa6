// Package api runs the helper processes of a configuration (ExaBGP's
// "process" blocks): it starts and respawns them, reads their text commands
// ("announce route ...", "neighbor IP teardown 4", "show neighbor
// summary"...) and answers "done" or "error" on their stdin, and feeds them
// session events through the JSON and text encoders.
//
// Files: manager.go (Manager, Run, Reload), process.go and out_queue.go
// (one helper: start, respawn, stop, bounded stdin queue),
// process_healthcheck.go (ExaBGP's healthcheck "run" lines started as
// "exago healthcheck"), command.go and show.go (the text commands and their
// answers), neighbor_select.go (the
// "neighbor IP ..." prefix), observer.go (session events to helpers),
// cli_pipe.go and cli_socket.go (the named pipes and ExaBGP 5's control
// socket of "exago cli"), stats.go (per-helper counters for monitoring),
// encode*.go, json*.go and text*.go (the message encoders).
//
// api drives sessions as a client of the reactor through the Controller
// interface; it imports codec, config and session, never cmd.
package api
