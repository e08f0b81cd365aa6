package session

import (
	"errors"
	"fmt"
	"slices"
	"sync/atomic"

	"github.com/exago/exago/codec"
)

// batchSize is how many bytes of messages the packer gathers before it
// hands them to the writer.
const batchSize = 64 << 10

// errTooLarge is returned when the attributes of a route leave no room for
// its NLRI in a message.
var errTooLarge = errors.New("attributes size is so large we can not even pack one NLRI")

// packer turns pending adj-RIB-out changes into UPDATE messages, byte for
// byte as ExaBGP 4.2 does: one UPDATE per attribute set for IPv4 unicast
// when updates are grouped (NLRI sorted, split at the message size), one
// UPDATE per NLRI otherwise; IPv4 unicast and multicast with an IPv4 next
// hop in the classic fields, everything else in MP_REACH/MP_UNREACH next to
// the path attributes.
type packer struct {
	env     *sessionEnv
	attrs   *attrTable
	grouped bool
	// families are the negotiated families; changes of others are not
	// sent (nil: every family).
	families map[codec.Family]bool
	// wdFirst sends the withdrawals of a batch before its announcements
	// (ExaBGP 5.0); otherwise each group's changes go in the order made.
	wdFirst bool
	// bareWd sends MP_UNREACH_NLRI withdrawals of unicast and multicast
	// families without the route's path attributes (ExaBGP 5.0).
	bareWd bool
	// only, when set, keeps the changes that are (onlyWithdraw) or are not
	// withdrawals: one pass of a withdrawals-first batch.
	only         bool
	onlyWithdraw bool
	// sent is called with each whole message when not nil.
	sent func(raw []byte)
	// flush takes a batch of whole messages; the packer does not touch the
	// slice afterwards.
	flush func(b []byte) error

	// count, when set, counts the UPDATE messages packed.
	count *atomic.Uint64
	// announced and withdrawn, when set, count the NLRI packed.
	announced, withdrawn *atomic.Uint64
	// skipped counts groups that could not be packed.
	skipped int

	out      []byte
	outCap   int // the capacity of the next out buffer
	attrBuf  []byte
	wdBuf    []byte
	annBuf   []byte
	mpBuf    []byte
	sortKeys []change

	// carry, when set, keeps back the last, partly filled, UPDATE of an
	// IPv4 group without withdrawals that filled others: its routes are
	// left in tail for the caller to queue again, so that a stream of
	// routes cut into batches leaves full UPDATEs, the last one aside.
	carry bool
	tail  []tailChange
}

// maxSize is the largest message under the negotiated options.
func (p *packer) maxSize() int { return p.env.opts.MaxMessageSize() }

// pack packs the groups of one batch. Withdrawals are skipped unless
// withdraws is set (ExaBGP drops them from the first batch of a session).
func (p *packer) pack(gs []*group, withdraws bool) error {
	if p.wdFirst && withdraws {
		p.only = true
		defer func() { p.only = false }()
		for _, pass := range []bool{true, false} {
			p.onlyWithdraw = pass
			if err := p.packGroups(gs, withdraws); err != nil {
				return err
			}
		}
		return p.done()
	}
	if err := p.packGroups(gs, withdraws); err != nil {
		return err
	}
	return p.done()
}

// packGroups packs every group of gs.
func (p *packer) packGroups(gs []*group, withdraws bool) error {
	for _, g := range gs {
		if g.live == 0 || (p.families != nil && !p.families[g.family]) {
			continue
		}
		if err := p.packGroup(g, withdraws); err != nil {
			if !errors.Is(err, errTooLarge) {
				return err
			}
			// ExaBGP logs and goes on with the next group
			p.skipped++
		}
	}
	return nil
}

// maxKeptSortKeys is the largest sort buffer a packer keeps between
// batches.
const maxKeptSortKeys = 1 << 16

func (p *packer) packGroup(g *group, withdraws bool) error {
	s := p.attrs.sets[g.attr]
	var err error
	p.attrBuf, err = p.env.appendPathAttributes(p.attrBuf[:0], s, g.family)
	if err != nil {
		return err
	}
	isClassic := classic(g.family, s)
	grouped := p.grouped && groupedFamily(g.family)
	cs := slices.Grow(p.sortKeys[:0], len(g.changes))
	dropped, withdrawn := 0, 0
	for _, c := range g.changes {
		if !c.live() || (p.only && c.withdraw != p.onlyWithdraw) {
			continue
		}
		if c.withdraw && !withdraws {
			dropped++
			if !isClassic && !grouped {
				// ExaBGP still sends the UPDATE of a dropped MP
				// withdrawal: path attributes and no NLRI
				if err := p.attrsOnly(); err != nil {
					return err
				}
			}
			continue
		}
		if c.withdraw {
			withdrawn++
		}
		cs = append(cs, c)
	}
	if cap(cs) <= maxKeptSortKeys {
		p.sortKeys = cs
	} else {
		p.sortKeys = nil // a burst's buffer is not kept for the session's life
	}
	if p.announced != nil {
		p.announced.Add(uint64(len(cs) - withdrawn))
		p.withdrawn.Add(uint64(withdrawn))
	}
	if len(cs) == 0 {
		if dropped > 0 && !isClassic && grouped {
			return p.attrsOnly()
		}
		return nil
	}
	if grouped {
		slices.SortFunc(cs, g.compare)
		if isClassic {
			return p.packClassic(g, cs, p.carry && withdrawn == 0 && dropped == 0)
		}
		return p.packMP(g, s, cs)
	}
	for i := range cs {
		if isClassic {
			err = p.packClassic(g, cs[i:i+1], false)
		} else {
			err = p.packMP(g, s, cs[i:i+1])
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// packClassic packs IPv4 routes in the withdrawn routes and NLRI fields.
// With carry, when the routes fill more than one UPDATE, those of the
// last one, unless it is full, go to p.tail instead (a batch smaller than
// an UPDATE is sent as it is).
func (p *packer) packClassic(g *group, cs []change, carry bool) error {
	f := g.family
	room := p.maxSize() - codec.UpdateMinLen - len(p.attrBuf)
	if room <= 0 {
		return errTooLarge
	}
	addPath := p.env.opts.HasAddPath(f)
	wd, ann := p.wdBuf[:0], p.annBuf[:0]
	first := 0 // the first change of the message being filled
	for i, c := range cs {
		var one [keyHeader + 4 + 1 + 16]byte
		nl := g.appendNLRI(one[:0], &c, addPath)
		if len(wd)+len(ann)+len(nl) > room {
			if len(wd) == 0 && len(ann) == 0 {
				return errTooLarge
			}
			if err := p.classicMessage(wd, ann); err != nil {
				return err
			}
			wd, ann = wd[:0], ann[:0]
			first = i
		}
		if c.withdraw {
			wd = append(wd, nl...)
		} else {
			ann = append(ann, nl...)
		}
	}
	p.wdBuf, p.annBuf = wd, ann
	if carry && first > 0 && len(wd) == 0 && len(ann) > 0 && len(ann)+maxClassicNLRI <= room {
		for _, c := range cs[first:] {
			p.tail = append(p.tail, tailChange{g, c})
		}
		if p.announced != nil {
			// counted when packed, next time
			p.announced.Add(^uint64(len(cs) - first - 1))
		}
		return nil
	}
	if len(wd) > 0 || len(ann) > 0 {
		return p.classicMessage(wd, ann)
	}
	return nil
}

// maxClassicNLRI is the longest IPv4 NLRI (a path identifier, the length,
// four bytes): an UPDATE with less room left than that is full.
const maxClassicNLRI = 4 + 1 + 4

func (p *packer) classicMessage(wd, ann []byte) error {
	attrs := p.attrBuf
	if len(ann) == 0 {
		attrs = nil
	}
	return p.message(codec.RawUpdate{Withdrawn: wd, Attributes: attrs, NLRI: ann})
}

// packMP packs routes in MP_REACH_NLRI (announces) and MP_UNREACH_NLRI
// (withdrawals), each message carrying the path attributes first.
func (p *packer) packMP(g *group, s *attrSet, cs []change) error {
	f := g.family
	room := p.maxSize() - codec.UpdateMinLen - len(p.attrBuf)
	if room <= 0 {
		return errTooLarge
	}
	addPath := p.env.opts.HasAddPath(f)
	reach := codec.NewMPReach(f, p.env.mpNextHop(s, f))
	for _, withdraw := range []bool{false, true} {
		hdr := reach.HeaderLen()
		if withdraw {
			hdr = codec.MPUnreach{Family: f}.HeaderLen()
		}
		nl := p.mpBuf[:0]
		for _, c := range cs {
			if c.withdraw != withdraw {
				continue
			}
			n := len(nl)
			nl = g.appendNLRI(nl, &c, addPath)
			if codec.AttributeLen(codec.FlagOptional, hdr+len(nl)) > room {
				if n == 0 {
					return errTooLarge
				}
				if err := p.mpMessage(reach, withdraw, nl[:n]); err != nil {
					return err
				}
				nl = append(nl[:0], nl[n:]...)
			}
		}
		if len(nl) > 0 {
			if err := p.mpMessage(reach, withdraw, nl); err != nil {
				return err
			}
		}
		p.mpBuf = nl
	}
	return nil
}

// attrsOnly packs an UPDATE with the path attributes and no NLRI.
func (p *packer) attrsOnly() error {
	return p.message(codec.RawUpdate{Attributes: p.attrBuf})
}

// mpMessage packs the NLRI nl, encoded, in the MP_REACH_NLRI reach or, for
// withdraw, in an MP_UNREACH_NLRI of its family.
func (p *packer) mpMessage(reach codec.MPReach, withdraw bool, nl []byte) error {
	ns := []codec.NLRI{codec.EncodedNLRI{Fam: reach.Family, Data: nl}}
	var mp codec.Attribute
	if withdraw {
		mp = codec.MPUnreach{Family: reach.Family, NLRI: ns}
	} else {
		reach.NLRI = ns
		mp = reach
	}
	attrs := p.attrBuf
	if withdraw && p.bareWd && (reach.Family.SAFI == codec.SAFIUnicast || reach.Family.SAFI == codec.SAFIMulticast) {
		// RFC 4760: an UPDATE with only MP_UNREACH_NLRI need not carry
		// other attributes; ExaBGP 5.0 sends none
		attrs = nil
	}
	return p.message(codec.RawUpdate{Attributes: attrs, More: []codec.Attribute{mp}})
}

// eor packs the End-of-RIB marker of f: an empty UPDATE for IPv4 unicast,
// an empty MP_UNREACH_NLRI otherwise (with the extended-length flag, as
// ExaBGP sends it).
func (p *packer) eor(f codec.Family) error { return p.message(codec.NewEOR(f)) }

// message appends the whole message m to the batch.
func (p *packer) message(m codec.Message) error {
	if p.out == nil {
		p.out = make([]byte, 0, max(p.outCap, 4096))
	}
	start := len(p.out)
	b, err := codec.AppendMessage(p.out, m, p.env.opts)
	if err != nil {
		return fmt.Errorf("%w: %w", errTooLarge, err)
	}
	p.out = b
	if p.count != nil {
		p.count.Add(1)
	}
	if p.sent != nil {
		p.sent(p.out[start:])
	}
	if len(p.out) >= batchSize {
		return p.done()
	}
	return nil
}

// done hands the gathered messages to flush.
func (p *packer) done() error {
	if len(p.out) == 0 {
		return nil
	}
	b := p.out
	// the next batch's buffer is made when needed, as large as this
	// one was: an idle session holds none
	p.out, p.outCap = nil, min(len(b)+len(b)/4, batchSize+4096)
	return p.flush(b)
}

// groupedFamily reports whether, with group-updates, the changes of one
// attribute set go out together for routes of f: ExaBGP packs IPv4 unicast
// (4.2, 5.0) and mcast-vpn (5.0) routes so, one UPDATE per route for the
// other families.
func groupedFamily(f codec.Family) bool {
	return f == codec.IPv4Unicast || f == codec.IPv4MVPN || f == codec.IPv6MVPN
}
