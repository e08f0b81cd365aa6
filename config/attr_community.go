package config

import (
	"encoding/binary"

	"encoding/hex"
	"fmt"
	"github.com/exago/exago/codec"
	"math"
	"strconv"
	"strings"
)

// Well-known communities (RFC 1997, RFC 3765, RFC 7999).
const (
	communityNoExport          = 0xFFFFFF01
	communityNoAdvertise       = 0xFFFFFF02
	communityNoExportSubconfed = 0xFFFFFF03
	communityNoPeer            = 0xFFFFFF04
	communityBlackhole         = 0xFFFF029A
)

// parseCommunity reads one standard community: "A:B", a number, 0xHEX or a
// well-known name.
func parseCommunity(s string) (uint32, error) {
	if colon := strings.IndexByte(s, ':'); colon > 0 {
		hi, err1 := parseUint(s[:colon], 16)
		lo, err2 := parseUint(s[colon+1:], 16)
		if err1 != nil || err2 != nil {
			return 0, fmt.Errorf("invalid community %q", s)
		}
		return uint32(hi<<16 | lo), nil
	}
	if len(s) > 2 && (s[:2] == "0x" || s[:2] == "0X") {
		v, err := strconv.ParseUint(s[2:], 16, 32)
		if err != nil {
			return 0, fmt.Errorf("invalid community %q", s)
		}
		return uint32(v), nil
	}
	switch strings.ToLower(s) {
	case "no-export":
		return communityNoExport, nil
	case "no-advertise":
		return communityNoAdvertise, nil
	case "no-export-subconfed":
		return communityNoExportSubconfed, nil
	case "nopeer", "no-peer":
		return communityNoPeer, nil
	case "blackhole":
		return communityBlackhole, nil
	}
	v, err := parseUint(s, 32)
	if err != nil {
		return 0, fmt.Errorf("invalid community %q", s)
	}
	return uint32(v), nil
}

// readCommunities reads "C" or "[ C... ]".
func readCommunities(c *cursor) (codec.Communities, error) {
	var cs codec.Communities
	err := readList(c, "community", func(w string) error {
		v, err := parseCommunity(w)
		cs = append(cs, codec.Community(v))
		return err
	})
	return cs, err
}

// parseLargeCommunity reads "A:B:C" or a 96-bit number.
func parseLargeCommunity(s string) ([3]uint32, error) {
	var lc [3]uint32
	parts := strings.Split(s, ":")
	if len(parts) == 3 {
		for i, p := range parts {
			v, err := parseUint(strings.TrimSuffix(p, "L"), 32)
			if err != nil {
				return lc, fmt.Errorf("invalid large-community %q", s)
			}
			lc[i] = uint32(v)
		}
		return lc, nil
	}
	if len(parts) == 1 {
		v, err := parseUintAny(s, 64)
		if err != nil {
			return lc, fmt.Errorf("invalid large-community %q", s)
		}
		lc[1], lc[2] = uint32(v>>32), uint32(v)
		return lc, nil
	}
	return lc, fmt.Errorf("invalid large-community %q", s)
}

// readLargeCommunities reads "A:B:C" or "[ A:B:C... ]", dropping repeats
// as ExaBGP does.
func readLargeCommunities(c *cursor) (codec.LargeCommunities, error) {
	var ls codec.LargeCommunities
	err := readList(c, "large-community", func(w string) error {
		v, err := parseLargeCommunity(w)
		if err != nil {
			return err
		}
		lc := codec.LargeCommunity{Global: v[0], Local1: v[1], Local2: v[2]}
		for _, have := range ls {
			if have == lc {
				return nil
			}
		}
		ls = append(ls, lc)
		return nil
	})
	return ls, err
}

// Extended community type and sub-type pairs ExaBGP's syntax names.
var extHeaders = map[string][2]byte{
	"target":              {0x00, 0x02},
	"target4":             {0x02, 0x02},
	"origin":              {0x00, 0x03},
	"origin4":             {0x02, 0x03},
	"redirect":            {0x80, 0x08},
	"l2info":              {0x80, 0x0A},
	"redirect-to-nexthop": {0x08, 0x00},
	"bandwidth":           {0x40, 0x04},
	"mup":                 {0x0c, 0x00}, // ExaBGP 5.0: BGP-MUP direct segment id
}

// parseExtCommunity reads one extended community: 0x + 16 hex digits,
// "ASN:N" (a route target), "KIND:A:B" with KIND target, target4, origin,
// origin4, redirect, bandwidth, or "l2info:ENCAPS:FLAGS:MTU:PREF".
func parseExtCommunity(s string) ([8]byte, error) {
	var ec [8]byte
	if len(s) > 2 && (s[:2] == "0x" || s[:2] == "0X") {
		raw, err := hex.DecodeString(s[2:])
		if err != nil || len(raw) != 8 {
			return ec, fmt.Errorf("invalid extended community %q", s)
		}
		copy(ec[:], raw)
		return ec, nil
	}
	if s == "redirect-to-nexthop" {
		ec[0] = 0x08
		return ec, nil
	}
	// exago extensions (not in ExaBGP 4.2): the flow actions by name
	if v, ok := strings.CutPrefix(s, "rate-limit:"); ok {
		n, err := parseUint(v, 64)
		if err != nil {
			return ec, fmt.Errorf("invalid extended community %q", s)
		}
		return trafficRate(0, float32(n)), nil
	}
	if v, ok := strings.CutPrefix(s, "mark:"); ok {
		n, err := parseUint(v, 8)
		if err != nil || n > 0x3f {
			return ec, fmt.Errorf("invalid extended community %q", s)
		}
		return [8]byte{0x80, 0x09, 0, 0, 0, 0, 0, byte(n)}, nil
	}
	parts := strings.Split(s, ":")
	if len(parts) < 2 {
		return ec, fmt.Errorf("invalid extended community %q", s)
	}
	kind := "target"
	if len(parts) != 2 {
		kind, parts = parts[0], parts[1:]
	}
	h, ok := extHeaders[kind]
	if !ok {
		return ec, fmt.Errorf("invalid extended community %q (unknown kind %s)", s, kind)
	}
	want := 2
	if kind == "l2info" {
		want = 4
	}
	if len(parts) != want {
		return ec, fmt.Errorf("invalid extended community %q, expecting %d fields", s, want)
	}
	ec[0], ec[1] = h[0], h[1]
	if kind == "l2info" {
		var v [4]uint64
		for i, bits := range [4]int{8, 8, 16, 16} {
			n, err := parseUint(parts[i], bits)
			if err != nil {
				return ec, fmt.Errorf("invalid extended community %q", s)
			}
			v[i] = n
		}
		ec[2], ec[3] = byte(v[0]), byte(v[1])
		binary.BigEndian.PutUint16(ec[4:], uint16(v[2]))
		binary.BigEndian.PutUint16(ec[6:], uint16(v[3]))
		return ec, nil
	}
	ga, la := strings.ToUpper(parts[0]), strings.ToUpper(parts[1])
	bad := fmt.Errorf("invalid extended community %q", s)
	if kind == "target" || kind == "origin" {
		gdot, ldot := strings.Count(ga, "."), strings.Count(la, ".")
		switch {
		case gdot == 0 && ldot == 3: // ASN:IP
			asn, err := parseUint(ga, 16)
			ip, err2 := parseIPv4(la)
			if err != nil || err2 != nil {
				return ec, bad
			}
			binary.BigEndian.PutUint16(ec[2:], uint16(asn))
			a := ip.As4()
			copy(ec[4:], a[:])
			return ec, nil
		case gdot == 3 && ldot == 0: // IP:N
			ip, err := parseIPv4(ga)
			n, err2 := parseUint(la, 16)
			if err != nil || err2 != nil {
				return ec, bad
			}
			// type 0x01 (RFC 4360 IPv4-address-specific), as ExaBGP 5.0
			// sends it; 4.2 sent 0x00, which the session restores under
			// that generation (Generation.TargetIPv4Type)
			ec[0] = 0x01
			a := ip.As4()
			copy(ec[2:], a[:])
			binary.BigEndian.PutUint16(ec[6:], uint16(n))
			return ec, nil
		}
	}
	long := strings.HasSuffix(ga, "L")
	g, err := parseUint(strings.TrimSuffix(ga, "L"), 32)
	if err != nil {
		return ec, bad
	}
	if kind == "bandwidth" {
		f, err := strconv.ParseFloat(la, 32)
		if err != nil || g > math.MaxUint16 {
			return ec, bad
		}
		binary.BigEndian.PutUint16(ec[2:], uint16(g))
		binary.BigEndian.PutUint32(ec[4:], math.Float32bits(float32(f)))
		return ec, nil
	}
	l, err := parseUint(strings.TrimSuffix(la, "L"), 32)
	if err != nil {
		return ec, bad
	}
	four := kind == "target4" || kind == "origin4"
	if (kind == "target" || kind == "origin") && (long || g > math.MaxUint16) {
		four = true
		ec[0] = 0x02
	}
	if four {
		if l > math.MaxUint16 {
			return ec, bad
		}
		binary.BigEndian.PutUint32(ec[2:], uint32(g))
		binary.BigEndian.PutUint16(ec[6:], uint16(l))
		return ec, nil
	}
	if g > math.MaxUint16 {
		return ec, bad
	}
	binary.BigEndian.PutUint16(ec[2:], uint16(g))
	binary.BigEndian.PutUint32(ec[4:], uint32(l))
	return ec, nil
}

// readExtCommunities reads "E" or "[ E... ]".
func readExtCommunities(c *cursor) ([][8]byte, error) {
	var es [][8]byte
	err := readList(c, "extended-community", func(w string) error {
		v, err := parseExtCommunity(w)
		es = append(es, v)
		return err
	})
	return es, err
}
