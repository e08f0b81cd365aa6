package session

import (
	"slices"
	"sync"

	"github.com/exago/exago/codec"
)

// attrPool interns attribute sets across every neighbor of a reactor:
// the key and the attribute values of a set announced to many neighbors
// are held once, whatever the number of adj-RIB-outs (and adj-RIB-ins)
// using it. Each neighbor's attrTable keeps its own small index and
// reference counts over the pooled values; it comes to the pool only when
// a set is new to it or no longer used by it, so the lock is not on the
// path of every route.
type attrPool struct {
	mu   sync.Mutex
	sets map[string]*pooledAttrs
}

// pooledAttrs is one set in the pool and the number of tables using it.
type pooledAttrs struct {
	key   string
	attrs []codec.Attribute
	users int
}

func newAttrPool() *attrPool {
	return &attrPool{sets: make(map[string]*pooledAttrs)}
}

// acquire returns the pooled key and attributes equal to key and attrs
// (attrs is copied when the set is new) and counts one more user.
func (p *attrPool) acquire(key []byte, attrs []codec.Attribute) (string, []codec.Attribute) {
	p.mu.Lock()
	defer p.mu.Unlock()
	s, ok := p.sets[string(key)]
	if !ok {
		s = &pooledAttrs{key: string(key), attrs: slices.Clone(attrs)}
		p.sets[s.key] = s
	}
	s.users++
	return s.key, s.attrs
}

// release counts one user less of the set of key; the pool forgets a set
// nobody uses.
func (p *attrPool) release(key string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	s, ok := p.sets[key]
	if !ok {
		return
	}
	if s.users--; s.users <= 0 {
		delete(p.sets, key)
	}
}

// len is the number of sets pooled.
func (p *attrPool) len() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.sets)
}
