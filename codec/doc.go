// Package codec is the BGP-4 wire format: message framing, OPEN and its
// capabilities, UPDATE with its path attributes and every NLRI family exago
// speaks, NOTIFICATION, KEEPALIVE and ROUTE-REFRESH.
//
// Every wire type has its decoder and its AppendTo-style encoder side by side
// in one file, and decode followed by encode gives back the same bytes.
// Negotiated options (4-byte AS, add-path, extended message, extended next
// hop) are passed in as an Options value; there are no global switches.
//
// codec imports no other package of this module.
package codec
