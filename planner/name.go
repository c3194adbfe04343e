package planner

import (
	"strings"
	"sync"
)

// A Name is a text that a history repeats on many deals (an owner, a team,
// a segment, an offer, a currency): every deal with the same text holds the
// same 4-byte Name, and the text is stored once for the whole process, as
// the unique package does, but without a pointer in the deal. The zero Name
// is the empty text. Names compare with == only; order them by String.
type Name struct{ id uint32 }

// names is the process's table of texts: append-only, so a Name stays
// valid for the life of the process. It holds each distinct text of the
// files read, which a deal would otherwise hold itself.
var names = struct {
	sync.RWMutex
	ids   map[string]uint32
	texts []string // texts[0] is the empty text
}{ids: map[string]uint32{}, texts: []string{""}}

// NameOf returns the Name of s.
func NameOf(s string) Name {
	if s == "" {
		return Name{}
	}
	names.RLock()
	id, ok := names.ids[s]
	names.RUnlock()
	if ok {
		return Name{id}
	}
	names.Lock()
	defer names.Unlock()
	if id, ok := names.ids[s]; ok {
		return Name{id}
	}
	s = strings.Clone(s) // not a slice of a caller's larger text
	id = uint32(len(names.texts))
	names.texts = append(names.texts, s)
	names.ids[s] = id
	return Name{id}
}

// String returns the text.
func (n Name) String() string {
	if n.id == 0 {
		return ""
	}
	names.RLock()
	defer names.RUnlock()
	return names.texts[n.id]
}

// IsZero reports whether the name is the empty text.
func (n Name) IsZero() bool { return n.id == 0 }
