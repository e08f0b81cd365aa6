package codec

import (
	"encoding/binary"
	"fmt"
	"net/netip"
)

// LabeledPrefix is an ipv4/ipv6 nlri-mpls NLRI (SAFI 4, RFC 8277): a label
// stack then a prefix, the length byte counting both.
type LabeledPrefix struct {
	// Fam is ipv4 or ipv6 nlri-mpls.
	Fam Family
	// Prefix is the network, masked.
	Prefix netip.Prefix
	// Labels is the label stack (usually one label with bottom of stack).
	Labels LabelStack
	// PathID is the add-path identifier; 0 when absent.
	PathID PathID
}

// Family is the (AFI, SAFI) of the entry.
func (p LabeledPrefix) Family() Family { return p.Fam }

// AppendNLRI appends [path id] length labels prefix-bytes.
func (p LabeledPrefix) AppendNLRI(b []byte, addPath bool) ([]byte, error) {
	return appendLabeled(b, p.Fam, p.Prefix, p.Labels, nil, p.PathID, addPath)
}

// String is ExaBGP's form: "10.0.0.0/24 path-information 0.0.0.1 label 100".
func (p LabeledPrefix) String() string {
	return p.Prefix.String() + p.PathID.suffix() + p.Labels.String()
}

// DecodeLabeledPrefix decodes one nlri-mpls NLRI of f from b.
func DecodeLabeledPrefix(f Family, b []byte, addPath bool) (LabeledPrefix, []byte, error) {
	p := LabeledPrefix{Fam: f}
	var err error
	p.PathID, p.Labels, _, p.Prefix, b, err = decodeLabeled(f, b, addPath, false)
	return p, b, err
}

// appendLabeled writes the RFC 8277 / RFC 4364 form shared by nlri-mpls and
// mpls-vpn: length in bits of labels+rd+prefix, labels, rd, prefix bytes.
func appendLabeled(b []byte, f Family, pfx netip.Prefix, ls LabelStack, rd *RD, id PathID, addPath bool) ([]byte, error) {
	if !pfx.IsValid() {
		return b, fmt.Errorf("encode %s nlri: invalid prefix", f)
	}
	bits := ls.Bits() + pfx.Bits()
	if rd != nil {
		bits += 64
	}
	if bits > 255 {
		return b, fmt.Errorf("encode %s nlri %s: %d bits do not fit the length byte", f, pfx, bits)
	}
	if addPath {
		b = binary.BigEndian.AppendUint32(b, uint32(id))
	}
	b = append(b, byte(bits))
	b = ls.AppendLabels(b)
	if rd != nil {
		b = append(b, rd[:]...)
	}
	return appendAddrBits(b, pfx.Addr(), pfx.Bits()), nil
}

// decodeLabeled reads the form appendLabeled writes.
func decodeLabeled(f Family, b []byte, addPath, hasRD bool) (id PathID, ls LabelStack, rd RD, pfx netip.Prefix, rest []byte, err error) {
	if id, b, err = decodePathID(b, addPath); err != nil {
		return id, ls, rd, pfx, nil, fmt.Errorf("decode %s nlri: %w", f, err)
	}
	if len(b) < 1 {
		return id, ls, rd, pfx, nil, fmt.Errorf("decode %s nlri: missing length", f)
	}
	bits := int(b[0])
	b = b[1:]
	rdBits := 0
	if hasRD {
		rdBits = 64
	}
	if ls, b, bits, err = decodeLabelStack(b, bits, rdBits); err != nil {
		return id, ls, rd, pfx, nil, fmt.Errorf("decode %s nlri: %w", f, err)
	}
	if hasRD {
		if bits < 64 {
			return id, ls, rd, pfx, nil, fmt.Errorf("decode %s nlri: %d bits left for route distinguisher", f, bits)
		}
		if rd, b, err = decodeRD(b); err != nil {
			return id, ls, rd, pfx, nil, fmt.Errorf("decode %s nlri: %w", f, err)
		}
		bits -= 64
	}
	if pfx, b, err = decodePrefixBits(f.AFI, bits, b); err != nil {
		return id, ls, rd, pfx, nil, fmt.Errorf("decode %s nlri: %w", f, err)
	}
	return id, ls, rd, pfx, b, nil
}
