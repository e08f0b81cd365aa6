package codec

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strings"
)

// RawNLRI is an NLRI of a family exago carries without interpreting it:
// bgp-ls, bgp-ls-vpn, sr-policy, mup. Data is the whole entry as on the
// wire (its own length field included, path identifier excluded), so it
// re-encodes byte for byte.
type RawNLRI struct {
	// Fam is the family.
	Fam Family
	// Data is the encoded entry.
	Data []byte
	// PathID is the add-path identifier; 0 when absent.
	PathID PathID
}

// Family is the family of the entry.
func (r RawNLRI) Family() Family { return r.Fam }

// AppendNLRI appends [path id] and Data.
func (r RawNLRI) AppendNLRI(b []byte, addPath bool) ([]byte, error) {
	if addPath {
		b = binary.BigEndian.AppendUint32(b, uint32(r.PathID))
	}
	return append(b, r.Data...), nil
}

// String is "<family> 0x<HEX>".
func (r RawNLRI) String() string {
	return r.Fam.String() + " 0x" + strings.ToUpper(hex.EncodeToString(r.Data)) + r.PathID.suffix()
}

// rawEntryLen is the wire length of the first entry of f in b, read from
// the family's framing.
func rawEntryLen(f Family, b []byte) (int, error) {
	switch f.SAFI {
	case SAFIBGPLS, SAFIBGPLSVPN:
		// RFC 7752 section 3.2: 2-byte type, 2-byte length.
		if len(b) < 4 {
			return 0, fmt.Errorf("missing type and length")
		}
		return 4 + int(binary.BigEndian.Uint16(b[2:])), nil
	case SAFISRPolicy:
		// draft-ietf-idr-segment-routing-te-policy: length in bits.
		if len(b) < 1 {
			return 0, fmt.Errorf("missing length")
		}
		return 1 + (int(b[0])+7)/8, nil
	case SAFIMUP:
		// draft-mpmz-bess-mup-safi: architecture type, 2-byte route type, length.
		if len(b) < 4 {
			return 0, fmt.Errorf("missing header")
		}
		return 4 + int(b[3]), nil
	}
	return 0, fmt.Errorf("unsupported family")
}

// DecodeRawNLRI decodes one entry of a family kept raw.
func DecodeRawNLRI(f Family, b []byte, addPath bool) (RawNLRI, []byte, error) {
	r := RawNLRI{Fam: f}
	var err error
	if r.PathID, b, err = decodePathID(b, addPath); err != nil {
		return r, nil, fmt.Errorf("decode %s nlri: %w", f, err)
	}
	n, err := rawEntryLen(f, b)
	if err != nil {
		return r, nil, fmt.Errorf("decode %s nlri: %w", f, err)
	}
	if len(b) < n {
		return r, nil, fmt.Errorf("decode %s nlri: entry of %d bytes, %d left", f, n, len(b))
	}
	r.Data = append([]byte(nil), b[:n]...)
	return r, b[n:], nil
}

// decodeParsedOrRaw decodes one entry of a family kept raw, then parses
// its data (path identifier apart) with parse. The entry stays a RawNLRI,
// so that it still round-trips byte for byte, when it does not parse or
// the parsed NLRI would not encode to the same bytes.
func decodeParsedOrRaw(f Family, b []byte, addPath bool, parse func(data []byte, id PathID) (NLRI, error)) (NLRI, []byte, error) {
	raw, rest, err := DecodeRawNLRI(f, b, addPath)
	if err != nil {
		return raw, rest, err
	}
	n, err := parse(raw.Data, raw.PathID)
	if err != nil {
		return raw, rest, nil
	}
	again, err := n.AppendNLRI(nil, false)
	if err != nil || !bytes.Equal(again, raw.Data) {
		return raw, rest, nil
	}
	return n, rest, nil
}
