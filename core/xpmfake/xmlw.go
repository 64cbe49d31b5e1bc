package xpmfake

import (
	"bufio"
	"io"
	"strings"
	"unicode/utf8"

	"xpmsync/core/model"
)

// xw writes XPM-style XML: no namespaces, `&amp;`-escaped text, raw newlines kept in
// multi-line values, `<X></X>` for empty scalars and `<X />` for empty containers.
type xw struct {
	w *bufio.Writer
}

func newXW(w io.Writer) *xw { return &xw{w: bufio.NewWriterSize(w, 32<<10)} }

func (x *xw) open(name string) {
	x.w.WriteByte('<')
	x.w.WriteString(name)
	x.w.WriteByte('>')
}

func (x *xw) close(name string) {
	x.w.WriteString("</")
	x.w.WriteString(name)
	x.w.WriteByte('>')
}

func (x *xw) empty(name string) {
	x.w.WriteByte('<')
	x.w.WriteString(name)
	x.w.WriteString(" />")
}

func (x *xw) el(name, val string) {
	x.open(name)
	x.text(val)
	x.close(name)
}

func (x *xw) yn(name string, b bool) {
	if b {
		x.el(name, "Yes")
	} else {
		x.el(name, "No")
	}
}

func (x *xw) ref(name string, r model.Ref) {
	x.open(name)
	x.el("UUID", r.UUID)
	x.el("Name", r.Name)
	x.close(name)
}

// text escapes &, <, > and drops characters XML 1.0 cannot carry.
func (x *xw) text(s string) {
	if !strings.ContainsAny(s, "&<>\r") && validXMLText(s) {
		x.w.WriteString(s)
		return
	}
	for _, r := range s {
		switch {
		case r == '&':
			x.w.WriteString("&amp;")
		case r == '<':
			x.w.WriteString("&lt;")
		case r == '>':
			x.w.WriteString("&gt;")
		case r == '\r':
			x.w.WriteString("&#xD;")
		case r == '\t' || r == '\n' || (r >= 0x20 && r != utf8.RuneError && r != 0xFFFE && r != 0xFFFF):
			x.w.WriteRune(r)
		}
	}
}

func validXMLText(s string) bool {
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' {
			return false
		}
		if r == utf8.RuneError || r == 0xFFFE || r == 0xFFFF {
			return false
		}
	}
	return true
}

func (x *xw) raw(s string) { x.w.WriteString(s) }

func (x *xw) flush() error { return x.w.Flush() }

// writeList writes a collection as XPM does: a self-closing element when there is nothing
// in it, otherwise the element wrapping one child per item, written by each.
func writeList[T any](x *xw, name string, items []T, each func(*T)) {
	if len(items) == 0 {
		x.empty(name)
		return
	}
	x.open(name)
	for i := range items {
		each(&items[i])
	}
	x.close(name)
}
