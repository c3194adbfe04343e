package batch

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"
)

// fingerprintSkip are the field names Fingerprint leaves out: they vary per
// job or per run and do not change what a job computes from its inputs
// (AsOf counts only when given explicitly, see Options.AsOfGiven).
var fingerprintSkip = map[string]bool{
	"AsOf": true, "OutDir": true, "Previous": true, "PreviousAsOf": true,
}

// Fingerprint returns a stable hash of settings (typically the command's
// pipeline.Settings): exported fields by name, map entries sorted by key,
// times in RFC 3339. Functions, channels and the fields AsOf, OutDir,
// Previous and PreviousAsOf are left out. Two runs with equal settings get
// the same fingerprint, whatever the process; a change of any other
// exported field (a format, the language, the seed, a threshold) changes
// it.
func Fingerprint(settings any) string {
	h := sha256.New()
	writeCanonical(h, reflect.ValueOf(settings), 0)
	return hex.EncodeToString(h.Sum(nil))
}

var timeType = reflect.TypeFor[time.Time]()

// writeCanonical writes v in a canonical text form. Depth guards against
// cyclic pointers.
func writeCanonical(w io.Writer, v reflect.Value, depth int) {
	if depth > 32 {
		io.WriteString(w, "…")
		return
	}
	if !v.IsValid() {
		io.WriteString(w, "nil")
		return
	}
	if v.Type() == timeType {
		io.WriteString(w, v.Interface().(time.Time).UTC().Format(time.RFC3339Nano))
		return
	}
	switch v.Kind() {
	case reflect.Func, reflect.Chan, reflect.UnsafePointer:
		io.WriteString(w, "-")
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			io.WriteString(w, "nil")
			return
		}
		writeCanonical(w, v.Elem(), depth+1)
	case reflect.Struct:
		t := v.Type()
		io.WriteString(w, "{")
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() || fingerprintSkip[f.Name] {
				continue
			}
			io.WriteString(w, f.Name+":")
			writeCanonical(w, v.Field(i), depth+1)
			io.WriteString(w, ",")
		}
		io.WriteString(w, "}")
	case reflect.Map:
		keys := v.MapKeys()
		enc := make([]string, len(keys))
		vals := make(map[string]reflect.Value, len(keys))
		for i, k := range keys {
			var b strings.Builder
			writeCanonical(&b, k, depth+1)
			enc[i] = b.String()
			vals[enc[i]] = v.MapIndex(k)
		}
		sort.Strings(enc)
		io.WriteString(w, "map[")
		for _, k := range enc {
			io.WriteString(w, strconv.Quote(k)+":")
			writeCanonical(w, vals[k], depth+1)
			io.WriteString(w, ",")
		}
		io.WriteString(w, "]")
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			io.WriteString(w, "nil")
			return
		}
		io.WriteString(w, "[")
		for i := range v.Len() {
			writeCanonical(w, v.Index(i), depth+1)
			io.WriteString(w, ",")
		}
		io.WriteString(w, "]")
	case reflect.String:
		io.WriteString(w, strconv.Quote(v.String()))
	case reflect.Float32, reflect.Float64:
		io.WriteString(w, strconv.FormatFloat(v.Float(), 'g', -1, 64))
	default:
		fmt.Fprint(w, v.Interface())
	}
}
