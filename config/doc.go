// Package config reads ExaBGP configuration files (4.x grammar and the 5.x
// spellings) and exabgp.env settings, and builds the plain model the daemon
// runs from: neighbors, processes and routes.
//
// The grammar is parsed with participle into a tree with a position on every
// node; a second pass turns the tree into the model and reports semantic
// errors as file:line:column. The route-attribute syntax ("next-hop self
// med 100 community [65000:1]") is parsed here and shared with the process
// API.
//
// config may import codec; it must not import session, api or cmd.
package config
