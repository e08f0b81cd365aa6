// Package logging builds the daemon's *slog.Logger the way ExaBGP's
// exabgp.env configures its logger: log.destination (stdout, stderr, a
// file, syslog over the local socket or host:HOST[:PORT] over UDP),
// log.level (syslog level names), log.short, log.all and the per-topic
// switches (log.network, log.processes, log.packets...).
//
// A record's topic is its "topic" attribute (see the Topic* constants);
// without one it is derived from the logger's attributes: "process" means
// processes, "peer" means network, anything else reactor. As in ExaBGP, a
// record whose topic is switched off is dropped whatever its level.
//
// logging imports no package of the project; cmd maps config.Env onto
// Options.
package logging
