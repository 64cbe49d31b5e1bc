package xpm

import (
	"bytes"
	"encoding/xml"
)

// xmlBody builds a small request body. Values are escaped; newlines become character
// references, which XPM reads back as newlines.
type xmlBody struct{ b bytes.Buffer }

func (w *xmlBody) open(name string)  { w.b.WriteString("<" + name + ">") }
func (w *xmlBody) close(name string) { w.b.WriteString("</" + name + ">") }

// elem always writes the element, empty or not (an empty element clears the field).
func (w *xmlBody) elem(name, value string) {
	if value == "" {
		w.b.WriteString("<" + name + " />")
		return
	}
	w.open(name)
	_ = xml.EscapeText(&w.b, []byte(value))
	w.close(name)
}

// opt writes the element only when value is set (add bodies: omitted = XPM's default).
func (w *xmlBody) opt(name, value string) {
	if value != "" {
		w.elem(name, value)
	}
}

// attrElem writes <name attr="value"/>.
func (w *xmlBody) attrElem(name, attr, value string) {
	w.b.WriteString("<" + name + " " + attr + `="`)
	_ = xml.EscapeText(&w.b, []byte(value))
	w.b.WriteString(`" />`)
}

func (w *xmlBody) bytes() []byte { return w.b.Bytes() }
