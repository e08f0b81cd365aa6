package config

// vplsSpec is one l2vpn vpls route as read (RFC 4761 section 3.2.2).
type vplsSpec struct {
	route                        routeSpec
	endpoint, offset, size, base uint64
	have                         uint8 // bits: endpoint, offset, size, base
}

// l2vpnStatement reads "vpls NAME { ... }" or "vpls ...;" of an l2vpn block.
func l2vpnStatement(dst []Route, n *Node) ([]Route, error) {
	if len(n.Words) == 0 || n.Words[0].Text != "vpls" {
		return dst, statementError(n, "expected vpls")
	}
	if n.Run != "" {
		err := runStatements(n, func(_ string, c *cursor) error {
			var err error
			dst, err = parseVPLS(dst, c, true)
			return err
		})
		return dst, err
	}
	skip := 1
	if n.Block && len(n.Words) == 2 {
		skip = 2 // "vpls NAME {": the name is only a label
	}
	c, err := statementCursor(n, skip)
	if err != nil {
		return dst, err
	}
	return parseVPLS(dst, c, true)
}

// parseVPLS reads "endpoint N base N offset N size N rd RD next-hop IP
// attributes..."; check requires the next hop (announcements).
func parseVPLS(dst []Route, c *cursor, check bool) ([]Route, error) {
	var v vplsSpec
	for c.more() {
		w := c.next()
		var field *uint64
		var bit uint8
		switch w {
		case "endpoint":
			field, bit = &v.endpoint, 1
		case "offset":
			field, bit = &v.offset, 2
		case "size":
			field, bit = &v.size, 4
		case "base":
			field, bit = &v.base, 8
		}
		if field != nil {
			s, err := c.need(w)
			if err != nil {
				return dst, err
			}
			n, err := parseUint(s, 16)
			if err != nil {
				return dst, c.errf("invalid l2vpn vpls %s", w)
			}
			*field, v.have = n, v.have|bit
			continue
		}
		if w == "label" || w == "path-information" {
			return dst, c.errf("%s is not valid for vpls", w)
		}
		ok, err := readRouteKeyword(c, w, &v.route)
		if err != nil {
			return dst, err
		}
		if !ok {
			return dst, c.errf("unknown vpls keyword")
		}
	}
	missing := ""
	switch {
	case check && !v.route.nextHop.IsValid() && !v.route.self && !v.route.withdraw:
		missing = "next-hop"
	case v.have&1 == 0:
		missing = "endpoint"
	case v.have&2 == 0:
		missing = "offset"
	case v.have&4 == 0:
		missing = "size"
	case v.have&8 == 0:
		missing = "base"
	case !v.route.hasRD:
		missing = "rd"
	}
	if missing != "" {
		return dst, c.errAt(-1, "vpls route is missing %s", missing)
	}
	if v.base > 0xFFFFF-v.size {
		return dst, c.errAt(0, "vpls nlri size inconsistency")
	}
	nlri, err := newVPLS(v)
	if err != nil {
		return dst, c.errAt(0, "%s", err.Error())
	}
	v.route.nlri = nlri
	out, err := v.route.appendRoutes(dst)
	if err != nil {
		return dst, c.errAt(0, "%s", err.Error())
	}
	return out, nil
}
