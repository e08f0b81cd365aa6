package config

import "github.com/exago/exago/codec"

// newVPLS returns the codec NLRI of v.
func newVPLS(v vplsSpec) (codec.NLRI, error) {
	return codec.VPLS{
		RD:       v.route.rd,
		Endpoint: uint16(v.endpoint),
		Offset:   uint16(v.offset),
		Size:     uint16(v.size),
		Base:     uint32(v.base),
	}, nil
}
