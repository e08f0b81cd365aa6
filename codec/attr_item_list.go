package codec

import (
	"fmt"
	"slices"
	"strings"
)

// decodeItemList splits an attribute value made of size-byte items (the
// community-like attributes and CLUSTER_LIST), turning each item into a T.
// RFC 7606 calls such an attribute malformed when its length is not a
// non-zero multiple of the item size; what names the attribute in that
// error.
func decodeItemList[T any](v []byte, size int, what string, item func([]byte) T) ([]T, error) {
	if len(v) == 0 || len(v)%size != 0 {
		return nil, fmt.Errorf("decode %s: length %d, want a non-zero multiple of %d", what, len(v), size)
	}
	items := make([]T, 0, len(v)/size)
	for ; len(v) >= size; v = v[size:] {
		items = append(items, item(v[:size]))
	}
	return items, nil
}

// sortedItemsString is ExaBGP's form of a community list: "" when empty,
// the item alone, or "[ a b ]" in the order cmp gives (the list itself is
// left as it is).
func sortedItemsString[T fmt.Stringer](items []T, cmp func(a, b T) int) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0].String()
	}
	s := slices.Clone(items)
	slices.SortFunc(s, cmp)
	parts := make([]string, len(s))
	for i, c := range s {
		parts[i] = c.String()
	}
	return "[ " + strings.Join(parts, " ") + " ]"
}
