package codec

// CapRouteRefresh is the route refresh capability (RFC 2918), or with Cisco
// set its pre-standard code 128 form. Both have an empty value.
type CapRouteRefresh struct {
	// Cisco selects code 128 instead of 2.
	Cisco bool
}

// Code is CapCodeRouteRefresh, or CapCodeRouteRefreshCisco.
func (c CapRouteRefresh) Code() CapCode {
	if c.Cisco {
		return CapCodeRouteRefreshCisco
	}
	return CapCodeRouteRefresh
}

// AppendValue appends nothing.
func (CapRouteRefresh) AppendValue(b []byte) []byte { return b }

// String is ExaBGP's form.
func (c CapRouteRefresh) String() string {
	if c.Cisco {
		return "Cisco Route Refresh"
	}
	return "Route Refresh"
}

func decodeCapRouteRefresh(c CapCode, v []byte) (Capability, error) {
	if err := emptyCapValue(c, v); err != nil {
		return nil, err
	}
	return CapRouteRefresh{Cisco: c == CapCodeRouteRefreshCisco}, nil
}

// CapEnhancedRouteRefresh is the enhanced route refresh capability (RFC
// 7313), empty. ExaBGP sends it with route refresh.
type CapEnhancedRouteRefresh struct{}

// Code is CapCodeEnhancedRouteRefresh.
func (CapEnhancedRouteRefresh) Code() CapCode { return CapCodeEnhancedRouteRefresh }

// AppendValue appends nothing.
func (CapEnhancedRouteRefresh) AppendValue(b []byte) []byte { return b }

// String is ExaBGP's form.
func (CapEnhancedRouteRefresh) String() string { return "Enhanced Route Refresh" }

func decodeCapEnhancedRouteRefresh(v []byte) (Capability, error) {
	if err := emptyCapValue(CapCodeEnhancedRouteRefresh, v); err != nil {
		return nil, err
	}
	return CapEnhancedRouteRefresh{}, nil
}
