package codec

import (
	"encoding/binary"
	"fmt"
)

// Route refresh message subtypes (RFC 7313 section 3.2).
const (
	RefreshRequest uint8 = 0
	RefreshBegin   uint8 = 1
	RefreshEnd     uint8 = 2
)

// RouteRefresh is a ROUTE-REFRESH message (RFC 2918, RFC 7313).
type RouteRefresh struct {
	Family Family
	// Subtype is RefreshRequest, RefreshBegin or RefreshEnd (the reserved
	// byte of RFC 2918).
	Subtype uint8
}

// Type is MsgRouteRefresh.
func (RouteRefresh) Type() MsgType { return MsgRouteRefresh }

// AppendBody appends AFI (2), subtype (1), SAFI (1).
func (r RouteRefresh) AppendBody(b []byte, _ Options) ([]byte, error) {
	b = binary.BigEndian.AppendUint16(b, uint16(r.Family.AFI))
	return append(b, r.Subtype, byte(r.Family.SAFI)), nil
}

// String is ExaBGP's "route refresh ipv4/0/unicast" form.
func (r RouteRefresh) String() string {
	return fmt.Sprintf("route refresh %s/%d/%s", r.Family.AFI, r.Subtype, r.Family.SAFI)
}

// DecodeRouteRefresh decodes a ROUTE-REFRESH body.
func DecodeRouteRefresh(body []byte) (RouteRefresh, error) {
	if len(body) != 4 {
		// RFC 7313 section 5: "If the length ... is not 4, then the BGP
		// speaker MUST send a NOTIFICATION message with the Error Code of
		// "ROUTE-REFRESH Message Error" and the subcode of "Invalid Message
		// Length". The Data field ... MUST contain the complete
		// ROUTE-REFRESH message."
		return RouteRefresh{}, notify(NotifyRouteRefresh, SubInvalidMessageLength, nil)
	}
	// RFC 7313 section 5: "When the BGP speaker receives a ROUTE-REFRESH
	// message with a "Message Subtype" field other than 0, 1, or 2, it MUST
	// ignore the received ROUTE-REFRESH message." The message is returned
	// without error; the caller ignores a Subtype above RefreshEnd.
	return RouteRefresh{Family{AFI(binary.BigEndian.Uint16(body)), SAFI(body[3])}, body[2]}, nil
}
