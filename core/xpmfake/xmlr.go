package xpmfake

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// node is a parsed request element. The fake reads requests into a small tree so it can tell
// an omitted element (leave unchanged) from an empty one (clear).
type node struct {
	Name     string
	Attrs    map[string]string
	Text     string
	Children []*node
	buf      strings.Builder // Text while parsing: appends stay linear on hostile input
}

const maxRequestBody = 4 << 20

// child returns the first child named name (exact, as XPM's XML is case-sensitive).
func (n *node) child(name string) (*node, bool) {
	for _, c := range n.Children {
		if c.Name == name {
			return c, true
		}
	}
	return nil, false
}

// value returns a child's trimmed text and whether the element was present at all.
func (n *node) value(name string) (string, bool) {
	c, ok := n.child(name)
	if !ok {
		return "", false
	}
	return strings.TrimSpace(c.Text), true
}

func (n *node) all(name string) []*node {
	var out []*node
	for _, c := range n.Children {
		if c.Name == name {
			out = append(out, c)
		}
	}
	return out
}

var errBadXML = errors.New("invalid XML request body")

// parseBody reads one XML document with a bounded size and depth; DTDs and entities beyond
// the XML built-ins are refused.
func parseBody(r io.Reader) (*node, error) {
	dec := xml.NewDecoder(io.LimitReader(r, maxRequestBody))
	dec.Strict = true
	var stack []*node
	var root *node
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %v", errBadXML, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) > 32 {
				return nil, fmt.Errorf("%w: nested too deeply", errBadXML)
			}
			n := &node{Name: t.Name.Local}
			for _, a := range t.Attr {
				if n.Attrs == nil {
					n.Attrs = map[string]string{}
				}
				n.Attrs[a.Name.Local] = a.Value
			}
			if len(stack) == 0 {
				if root != nil {
					return nil, fmt.Errorf("%w: more than one root element", errBadXML)
				}
				root = n
			} else {
				p := stack[len(stack)-1]
				p.Children = append(p.Children, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			top := stack[len(stack)-1]
			top.Text = top.buf.String()
			top.buf.Reset()
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].buf.Write(t)
			}
		case xml.Directive:
			return nil, fmt.Errorf("%w: DTDs are not accepted", errBadXML)
		}
	}
	if root == nil {
		return nil, fmt.Errorf("%w: empty body", errBadXML)
	}
	return root, nil
}
