// Package floor is the benchmark floor of `qa bench`: the least a route
// injector must do to put helper lines on the wire. It reads "announce
// route PREFIX next-hop ADDR" lines, parses each prefix with net/netip,
// packs 4,096-byte UPDATEs under one attribute set (that of the first
// line) and writes them to a BGP peer after a bare OPEN: no FSM, no RIB,
// no acknowledgements. exago's API throughput is reported as a ratio to it.
//
// It imports no package of the project.
package floor

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"net/netip"
)

const maxMessage = 4096

// Run connects to addr, sends an OPEN (AS asn, hold time 180) and a
// KEEPALIVE, then packs the prefixes of the lines read from r into
// UPDATEs. A partial UPDATE is written when r has no more buffered input
// (the writer paused) or at its end. Run returns when r ends.
func Run(r io.Reader, addr string, asn uint16) error {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return fmt.Errorf("floor: %w", err)
	}
	defer conn.Close()
	go io.Copy(io.Discard, conn) // the peer's OPEN and KEEPALIVEs
	w := bufio.NewWriterSize(conn, 64<<10)
	w.Write(open(asn))
	w.Write(header(nil, 19, 4))
	if err := w.Flush(); err != nil {
		return fmt.Errorf("floor: %w", err)
	}

	in := bufio.NewReaderSize(r, 64<<10)
	var msg []byte // the UPDATE being filled; nil until the first line
	for {
		line, err := in.ReadSlice('\n')
		if len(line) > 0 {
			p, nh, ok := parseLine(line)
			if ok {
				if msg == nil {
					msg = startUpdate(nh)
				}
				if len(msg)+1+(p.Bits()+7)/8 > maxMessage {
					w.Write(finish(msg))
					msg = msg[:updatePrefix(msg)]
				}
				msg = append(msg, byte(p.Bits()))
				a := p.Addr().As4()
				msg = append(msg, a[:(p.Bits()+7)/8]...)
			}
		}
		if err == io.EOF || (err == nil && in.Buffered() == 0) {
			if msg != nil && len(msg) > updatePrefix(msg) {
				w.Write(finish(msg))
				msg = msg[:updatePrefix(msg)]
			}
			if ferr := w.Flush(); ferr != nil {
				return fmt.Errorf("floor: %w", ferr)
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil && err != bufio.ErrBufferFull {
			return fmt.Errorf("floor: %w", err)
		}
	}
}

// parseLine reads "announce route PREFIX next-hop ADDR".
func parseLine(line []byte) (netip.Prefix, netip.Addr, bool) {
	f := bytes.Fields(line)
	if len(f) < 5 || string(f[1]) != "route" {
		return netip.Prefix{}, netip.Addr{}, false
	}
	p, err := netip.ParsePrefix(string(f[2]))
	if err != nil || !p.Addr().Is4() {
		return netip.Prefix{}, netip.Addr{}, false
	}
	nh, err := netip.ParseAddr(string(f[4]))
	if err != nil || !nh.Is4() {
		return netip.Prefix{}, netip.Addr{}, false
	}
	return p, nh, true
}

func header(b []byte, length int, typ byte) []byte {
	for range 16 {
		b = append(b, 0xff)
	}
	return append(b, byte(length>>8), byte(length), typ)
}

// open is an OPEN for asn with the 4-byte ASN capability.
func open(asn uint16) []byte {
	params := []byte{2, 6, 65, 4, 0, 0, byte(asn >> 8), byte(asn)}
	body := []byte{4, byte(asn >> 8), byte(asn), 0, 180, 10, 0, 0, 1, byte(len(params))}
	body = append(body, params...)
	return append(header(nil, 19+len(body), 1), body...)
}

// startUpdate is the head of an UPDATE with ORIGIN IGP, an empty AS_PATH,
// NEXT_HOP nh and LOCAL_PREF 100.
func startUpdate(nh netip.Addr) []byte {
	a := nh.As4()
	attrs := []byte{0x40, 1, 1, 0, 0x40, 2, 0, 0x40, 3, 4, a[0], a[1], a[2], a[3], 0x40, 5, 4, 0, 0, 0, 100}
	b := header(make([]byte, 0, maxMessage), 0, 2)
	b = append(b, 0, 0, byte(len(attrs)>>8), byte(len(attrs)))
	return append(b, attrs...)
}

// updatePrefix is the length of the UPDATE up to its NLRI.
func updatePrefix(msg []byte) int {
	return 19 + 4 + int(binary.BigEndian.Uint16(msg[21:23]))
}

// finish sets the message length.
func finish(msg []byte) []byte {
	binary.BigEndian.PutUint16(msg[16:18], uint16(len(msg)))
	return msg
}
