package codec

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"strings"
)

// PMSI tunnel types (RFC 6514 section 5).
const (
	PMSINoTunnel           uint8 = 0
	PMSIIngressReplication uint8 = 6
)

// PMSITunnel is the P-Multicast Service Interface Tunnel attribute (RFC
// 6514 section 5), used by EVPN inclusive multicast routes (RFC 7432).
type PMSITunnel struct {
	// TunnelFlags is the flags byte (bit 0x01: leaf information required).
	TunnelFlags uint8
	// TunnelType is the tunnel type (PMSIIngressReplication...).
	TunnelType uint8
	// RawLabel is the 3-byte MPLS label field as on the wire: the label is
	// RawLabel >> 4 (see NewPMSITunnel and Label).
	RawLabel uint32
	// Tunnel is the tunnel identifier (an IPv4 address for ingress
	// replication).
	Tunnel []byte
}

// NewPMSIIngressReplication returns the ingress replication tunnel to ip
// with label, as ExaBGP builds it (label shifted into the top 20 bits).
func NewPMSIIngressReplication(ip netip.Addr, label uint32, flags uint8) PMSITunnel {
	return PMSITunnel{TunnelFlags: flags, TunnelType: PMSIIngressReplication, RawLabel: label << 4 & 0xffffff, Tunnel: ip.AsSlice()}
}

// Label is the MPLS label (the top 20 bits of the label field).
func (p PMSITunnel) Label() uint32 { return p.RawLabel >> 4 }

// Code is AttrPMSITunnel.
func (PMSITunnel) Code() AttrCode { return AttrPMSITunnel }

// Flags is optional transitive.
func (PMSITunnel) Flags() AttrFlags { return FlagOptional | FlagTransitive }

// AppendValue appends flags, type, label (3 bytes) and tunnel id.
func (p PMSITunnel) AppendValue(b []byte, _ Options) ([]byte, error) {
	b = append(b, p.TunnelFlags, p.TunnelType)
	b = append(b, byte(p.RawLabel>>16), byte(p.RawLabel>>8), byte(p.RawLabel))
	return append(b, p.Tunnel...), nil
}

var pmsiNames = map[uint8]string{
	0: "No tunnel", 1: "RSVP-TE P2MP LSP", 2: "mLDP P2MP LSP", 3: "PIM-SSM Tree", 4: "PIM-SM Tree",
	5: "BIDIR-PIM Tree", 6: "Ingress Replication", 7: "mLDP MP2MP LSP",
}

// String is ExaBGP's "pmsi:ingressreplication:FLAGS:LABEL(RAW):TUNNEL".
func (p PMSITunnel) String() string {
	name, ok := pmsiNames[p.TunnelType]
	if !ok {
		name = "unknown"
	}
	label := fmt.Sprint(p.Label())
	if p.RawLabel != 0 && p.TunnelType != PMSINoTunnel {
		label = fmt.Sprintf("%d(%d)", p.Label(), p.RawLabel)
	}
	var tunnel string
	switch {
	case p.TunnelType == PMSINoTunnel:
	case p.TunnelType == PMSIIngressReplication && len(p.Tunnel) == 4:
		tunnel = netip.AddrFrom4([4]byte(p.Tunnel)).String()
	case len(p.Tunnel) > 0:
		tunnel = fmt.Sprintf("0x%X", p.Tunnel)
	}
	return fmt.Sprintf("pmsi:%s:%d:%s:%s", strings.ToLower(strings.ReplaceAll(name, " ", "")), p.TunnelFlags, label, tunnel)
}

// DecodePMSITunnel decodes a PMSI_TUNNEL value.
func DecodePMSITunnel(v []byte, _ Options) (Attribute, error) {
	// RFC 7606 section 7 does not list it; a value shorter than its fixed
	// 5 bytes is malformed and we treat-as-withdraw (the default approach of
	// RFC 7606 section 2).
	if len(v) < 5 {
		return nil, fmt.Errorf("decode pmsi-tunnel: %d bytes, need at least 5", len(v))
	}
	p := PMSITunnel{TunnelFlags: v[0], TunnelType: v[1], RawLabel: uint32(v[2])<<16 | uint32(binary.BigEndian.Uint16(v[3:]))}
	if len(v) > 5 {
		p.Tunnel = append([]byte(nil), v[5:]...)
	}
	return p, nil
}
