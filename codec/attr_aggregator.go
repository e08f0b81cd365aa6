package codec

import (
	"encoding/binary"
	"fmt"
	"net/netip"
)

// Aggregator is the AGGREGATOR attribute (RFC 4271 section 5.1.7, RFC
// 6793): the aggregating AS and speaker. Written with a 4-byte AS when
// o.ASN4; else a 4-byte AS becomes AS_TRANS and an AS4_AGGREGATOR follows.
type Aggregator struct {
	AS      uint32
	Address netip.Addr
}

// Code is AttrAggregator.
func (Aggregator) Code() AttrCode { return AttrAggregator }

// Flags is optional transitive.
func (Aggregator) Flags() AttrFlags { return FlagOptional | FlagTransitive }

// AppendValue appends AS (2 or 4 bytes by o.ASN4) and the IPv4 speaker.
func (a Aggregator) AppendValue(b []byte, o Options) ([]byte, error) {
	if !a.Address.Is4() {
		return b, fmt.Errorf("encode aggregator: %s is not ipv4", a.Address)
	}
	if o.ASN4 {
		b = binary.BigEndian.AppendUint32(b, a.AS)
	} else {
		b = binary.BigEndian.AppendUint16(b, as2(a.AS))
	}
	v := a.Address.As4()
	return append(b, v[:]...), nil
}

// as4Companion is the AS4_AGGREGATOR ExaBGP adds when the AS needs 4 bytes.
func (a Aggregator) as4Companion() (Attribute, bool) {
	if a.AS > 0xffff {
		return AS4Aggregator(a), true
	}
	return nil, false
}

// String is ExaBGP's "65000:1.2.3.4".
func (a Aggregator) String() string { return fmt.Sprintf("%d:%s", a.AS, a.Address) }

// decodeAggregator reads AS and speaker with asSize-byte AS.
func decodeAggregator(name string, v []byte, asSize int) (Aggregator, error) {
	// RFC 7606 section 7.7: "The error handling of [RFC4271] is revised as
	// follows: o The attribute is considered malformed if its length is not
	// 6 (when the 4-octet AS number capability is not advertised to, or not
	// received from, the peer [RFC6793]). o The attribute is considered
	// malformed if its length is not 8 (when the 4-octet AS number
	// capability is both advertised to, and received from, the peer)."
	// (attribute discard)
	if len(v) != asSize+4 {
		return Aggregator{}, fmt.Errorf("decode %s: length %d, want %d", name, len(v), asSize+4)
	}
	a := Aggregator{Address: netip.AddrFrom4([4]byte(v[asSize:]))}
	if asSize == 4 {
		a.AS = binary.BigEndian.Uint32(v)
	} else {
		a.AS = uint32(binary.BigEndian.Uint16(v))
	}
	return a, nil
}

// DecodeAggregator decodes an AGGREGATOR value.
func DecodeAggregator(v []byte, o Options) (Attribute, error) {
	size := 2
	if o.ASN4 {
		size = 4
	}
	a, err := decodeAggregator("aggregator", v, size)
	if err != nil {
		return nil, err
	}
	return a, nil
}

// AS4Aggregator is the AS4_AGGREGATOR attribute (RFC 6793), always with a
// 4-byte AS.
type AS4Aggregator Aggregator

// Code is AttrAS4Aggregator.
func (AS4Aggregator) Code() AttrCode { return AttrAS4Aggregator }

// Flags is optional transitive.
func (AS4Aggregator) Flags() AttrFlags { return FlagOptional | FlagTransitive }

// AppendValue appends the 4-byte AS and the speaker.
func (a AS4Aggregator) AppendValue(b []byte, _ Options) ([]byte, error) {
	return Aggregator(a).AppendValue(b, Options{ASN4: true})
}

// String is as Aggregator's.
func (a AS4Aggregator) String() string { return Aggregator(a).String() }

// DecodeAS4Aggregator decodes an AS4_AGGREGATOR value.
func DecodeAS4Aggregator(v []byte, _ Options) (Attribute, error) {
	a, err := decodeAggregator("as4-aggregator", v, 4)
	if err != nil {
		return nil, err
	}
	return AS4Aggregator(a), nil
}
