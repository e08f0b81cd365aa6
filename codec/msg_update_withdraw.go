package codec

// AsWithdraw returns the UPDATE that withdraws every route u announces or
// withdraws, with no other attribute: what a receiver acts on when u
// carries a treat-as-withdraw error. RFC 7606 section 2: "In this case, the
// UPDATE message ... MUST be handled as though all contained routes had
// been withdrawn just as if they had been listed in the WITHDRAWN ROUTES
// field (or in the MP_UNREACH_NLRI attribute if appropriate) of the
// UPDATE message".
func (u Update) AsWithdraw() Update {
	w := Update{Withdrawn: append(append([]NLRI(nil), u.Withdrawn...), u.NLRI...)}
	byFamily := map[Family]int{} // index of each family's MP_UNREACH in w.Attributes
	add := func(f Family, ns []NLRI) {
		i, ok := byFamily[f]
		if !ok {
			i = len(w.Attributes)
			byFamily[f] = i
			w.Attributes = append(w.Attributes, MPUnreach{Family: f})
		}
		m := w.Attributes[i].(MPUnreach)
		m.NLRI = append(m.NLRI, ns...)
		w.Attributes[i] = m
	}
	for _, a := range u.Attributes {
		switch m := a.(type) {
		case MPReach:
			add(m.Family, m.NLRI)
		case *MPReach:
			add(m.Family, m.NLRI)
		case MPUnreach:
			add(m.Family, m.NLRI)
		case *MPUnreach:
			add(m.Family, m.NLRI)
		}
	}
	return w
}
