package xpm

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/orisano/gosax"
)

// tokenizer reads XPM's XML with gosax, which finds the tokens about twenty times faster than
// encoding/xml (measured on a 15,000-client list, see the README), and checks what gosax leaves
// to its caller the way encoding/xml's strict mode does: names, attribute syntax, entity and
// character references, and characters outside XML's range. Entities other than XML's five
// are refused, as encoding/xml refuses them, so nothing can be smuggled in through a DOCTYPE.
type tokenizer struct {
	r     *gosax.Reader
	src   *sourceReader
	names map[string]string // element names seen: XPM repeats a few dozen of them
	open  xml.Name          // the last start tag: the end of a self-closing element
	err   error             // a failure found before the first token (the declared encoding)
}

// tokKind says what a token is.
type tokKind uint8

const (
	tokStart tokKind = iota + 1
	tokEnd
	tokText      // character data or CDATA, unescaped
	tokDirective // <!DOCTYPE …>, refused by the stream
	tokOther     // comments and processing instructions, ignored
)

// token is one piece of the document; text is valid until the next token.
type token struct {
	kind  tokKind
	name  xml.Name
	attrs []xml.Attr
	text  []byte
}

// readChunk bounds each read from the body to what encoding/xml's buffer read, so the bytes
// read ahead of the entity being decoded, which count against its budget, stay as few.
const readChunk = 4096

// sourceReader remembers the body's own read error, to tell it from a syntax error.
type sourceReader struct {
	r   io.Reader
	err error
}

func (s *sourceReader) Read(p []byte) (int, error) {
	if len(p) > readChunk {
		p = p[:readChunk]
	}
	n, err := s.r.Read(p)
	if err != nil {
		s.err = err
	}
	return n, err
}

func newTokenizer(body io.Reader) *tokenizer {
	t := &tokenizer{names: map[string]string{}}
	r, err := declaredEncoding(body)
	t.err = err
	t.src = &sourceReader{r: r}
	t.r = gosax.NewReaderSize(t.src, readChunk)
	t.r.EmitSelfClosingTag = true
	return t
}

// next returns the next token; io.EOF at the end of the body.
func (t *tokenizer) next() (token, error) {
	if t.err != nil {
		return token{}, t.err
	}
	ev, err := t.r.Event()
	if err != nil {
		if err == io.EOF || (t.src.err != nil && err == t.src.err) {
			return token{}, err
		}
		return token{}, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	b := ev.Bytes
	switch ev.Type() {
	case gosax.EventStart:
		return t.start(b)
	case gosax.EventEnd:
		return t.end(b)
	case gosax.EventText:
		text, err := unescapeText(b)
		return token{kind: tokText, text: text}, err
	case gosax.EventCData:
		return t.cdata(b)
	case gosax.EventDocType:
		return token{kind: tokDirective}, nil
	case gosax.EventComment:
		if !bytes.HasPrefix(b, []byte("<!--")) {
			return token{}, fmt.Errorf("%w: invalid <! markup", ErrMalformed)
		}
		return token{kind: tokOther}, nil
	case gosax.EventProcessingInstruction:
		return token{kind: tokOther}, nil
	}
	return token{}, io.EOF
}

func (t *tokenizer) cdata(b []byte) (token, error) {
	inner, ok := bytes.CutPrefix(b, []byte("<![CDATA["))
	if !ok {
		return token{}, fmt.Errorf("%w: invalid <![ markup", ErrMalformed)
	}
	inner = normalizeNewlines(inner[:len(inner)-len("]]>")])
	if !validChars(inner) {
		return token{}, fmt.Errorf("%w: illegal character in CDATA", ErrMalformed)
	}
	return token{kind: tokText, text: inner}, nil
}

// start reads <name attr="v" …> or <name …/> (gosax then sends the end with the same bytes).
func (t *tokenizer) start(b []byte) (token, error) {
	b = b[1 : len(b)-1]
	b = bytes.TrimSuffix(b, []byte("/"))
	end := bytes.IndexAny(b, " \t\r\n")
	if end < 0 {
		end = len(b)
	}
	name, err := t.name(b[:end])
	if err != nil {
		return token{}, err
	}
	attrs, err := parseAttrs(b[end:])
	if err != nil {
		return token{}, err
	}
	t.open = name
	return token{kind: tokStart, name: name, attrs: attrs}, nil
}

func (t *tokenizer) end(b []byte) (token, error) {
	if !bytes.HasPrefix(b, []byte("</")) {
		return token{kind: tokEnd, name: t.open}, nil // a self-closing element
	}
	b = bytes.TrimRight(b[2:len(b)-1], " \t\r\n")
	name, err := t.name(b)
	if err != nil {
		return token{}, err
	}
	return token{kind: tokEnd, name: name}, nil
}

// name checks an element name and splits its prefix as encoding/xml's RawToken does.
func (t *tokenizer) name(b []byte) (xml.Name, error) {
	s, ok := t.names[string(b)]
	if !ok {
		if !isXMLName(b) {
			return xml.Name{}, fmt.Errorf("%w: invalid element name %q", ErrMalformed, b)
		}
		s = string(b)
		if len(t.names) < maxInterned {
			t.names[s] = s
		}
	}
	return splitName(s), nil
}

func splitName(s string) xml.Name {
	space, local, ok := strings.Cut(s, ":")
	if !ok || space == "" || local == "" {
		return xml.Name{Local: s}
	}
	return xml.Name{Space: space, Local: local}
}

// parseAttrs reads ` name="value" …` (single or double quotes, spaces around =).
func parseAttrs(b []byte) ([]xml.Attr, error) {
	var attrs []xml.Attr
	for {
		b = bytes.TrimLeft(b, " \t\r\n")
		if len(b) == 0 {
			return attrs, nil
		}
		eq := bytes.IndexByte(b, '=')
		if eq <= 0 {
			return nil, fmt.Errorf("%w: attribute without a value", ErrMalformed)
		}
		key := bytes.TrimRight(b[:eq], " \t\r\n")
		if !isXMLName(key) {
			return nil, fmt.Errorf("%w: invalid attribute name %q", ErrMalformed, key)
		}
		b = bytes.TrimLeft(b[eq+1:], " \t\r\n")
		if len(b) == 0 || (b[0] != '"' && b[0] != '\'') {
			return nil, fmt.Errorf("%w: unquoted attribute value", ErrMalformed)
		}
		closing := bytes.IndexByte(b[1:], b[0])
		if closing < 0 {
			return nil, fmt.Errorf("%w: unterminated attribute value", ErrMalformed)
		}
		raw := b[1 : 1+closing]
		if bytes.IndexByte(raw, '<') >= 0 {
			return nil, fmt.Errorf("%w: unescaped < inside an attribute value", ErrMalformed)
		}
		val, err := unescapeText(bytes.Clone(raw))
		if err != nil {
			return nil, err
		}
		attrs = append(attrs, xml.Attr{Name: splitName(string(key)), Value: string(val)})
		b = b[2+closing:]
	}
}

// isXMLName is encoding/xml's name rule: a letter, _ or : first, then also digits, . and -.
func isXMLName(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for i := 0; i < len(b); {
		c := rune(b[i])
		size := 1
		if c >= utf8.RuneSelf {
			c, size = utf8.DecodeRune(b[i:])
			if c == utf8.RuneError {
				return false
			}
		}
		ok := c == '_' || c == ':' || unicode.IsLetter(c)
		if i > 0 {
			ok = ok || c == '.' || c == '-' || unicode.IsDigit(c) || unicode.Is(unicode.Mn, c) || unicode.Is(unicode.Mc, c)
		}
		if !ok {
			return false
		}
		i += size
	}
	return true
}

// unescapeText resolves XML's five entities and character references in place and turns
// CRLF and CR into LF, as an XML parser must; anything else after & is malformed.
func unescapeText(b []byte) ([]byte, error) {
	if bytes.IndexByte(b, '&') < 0 {
		b = normalizeNewlines(b)
		if !validChars(b) {
			return nil, fmt.Errorf("%w: illegal character in text", ErrMalformed)
		}
		return b, nil
	}
	out := b[:0]
	for len(b) > 0 {
		i := bytes.IndexByte(b, '&')
		if i < 0 {
			out = append(out, b...)
			break
		}
		out = append(out, b[:i]...)
		semi := bytes.IndexByte(b[i:], ';')
		if semi < 0 || semi > 16 {
			return nil, fmt.Errorf("%w: invalid character entity", ErrMalformed)
		}
		r, ok := entity(b[i+1 : i+semi])
		if !ok {
			return nil, fmt.Errorf("%w: invalid character entity &%s;", ErrMalformed, b[i+1:i+semi])
		}
		out = utf8.AppendRune(out, r)
		b = b[i+semi+1:]
	}
	out = normalizeNewlines(out)
	if !validChars(out) {
		return nil, fmt.Errorf("%w: illegal character in text", ErrMalformed)
	}
	return out, nil
}

// entity resolves the name between & and ; (a character reference or one of the five).
func entity(name []byte) (rune, bool) {
	switch string(name) {
	case "lt":
		return '<', true
	case "gt":
		return '>', true
	case "amp":
		return '&', true
	case "apos":
		return '\'', true
	case "quot":
		return '"', true
	}
	digits, ok := bytes.CutPrefix(name, []byte("#"))
	if !ok || len(digits) == 0 {
		return 0, false
	}
	base := 10
	if hex, ok := bytes.CutPrefix(digits, []byte("x")); ok {
		digits, base = hex, 16
	}
	var r rune
	for _, c := range digits {
		d := hexDigit(c)
		if d < 0 || d >= base || r > unicode.MaxRune {
			return 0, false
		}
		r = r*rune(base) + rune(d)
	}
	return r, len(digits) > 0 && inCharRange(r)
}

func hexDigit(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// normalizeNewlines turns CRLF and lone CR into LF, in place.
func normalizeNewlines(b []byte) []byte {
	if bytes.IndexByte(b, '\r') < 0 {
		return b
	}
	out := b[:0]
	for i := 0; i < len(b); i++ {
		if b[i] == '\r' {
			if i+1 < len(b) && b[i+1] == '\n' {
				continue
			}
			out = append(out, '\n')
			continue
		}
		out = append(out, b[i])
	}
	return out
}

// validChars reports whether b is UTF-8 made only of characters XML allows.
func validChars(b []byte) bool {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if (r == utf8.RuneError && size == 1) || !inCharRange(r) {
			return false
		}
		i += size
	}
	return true
}

// inCharRange is XML 1.0's Char production.
func inCharRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || (r >= 0x20 && r <= 0xD7FF) ||
		(r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}

// maxDeclBytes is how much of the body is looked at for an XML declaration.
const maxDeclBytes = 256

// declaredEncoding reads the XML declaration, if the body starts with one, and returns the
// body as UTF-8 (through charsetReader) from its first byte; an unsupported version or
// encoding is an error, as it is for encoding/xml.
func declaredEncoding(body io.Reader) (io.Reader, error) {
	head := make([]byte, 0, maxDeclBytes)
	var err error
	for len(head) < maxDeclBytes && bytes.IndexByte(head, '>') < 0 && err == nil {
		var n int
		n, err = body.Read(head[len(head):cap(head)])
		head = head[:len(head)+n]
	}
	var r io.Reader = bytes.NewReader(head)
	if err != nil {
		r = io.MultiReader(r, errReader{err})
	} else {
		r = io.MultiReader(r, body)
	}
	decl, ok := bytes.CutPrefix(bytes.TrimLeft(head, " \t\r\n"), []byte("<?xml"))
	if !ok || len(decl) == 0 || !bytes.ContainsAny(decl[:1], " \t\r\n?") {
		return r, nil
	}
	if end := bytes.Index(decl, []byte("?>")); end >= 0 {
		decl = decl[:end]
	}
	if v := declParam(decl, "version"); v != "" && v != "1.0" {
		return r, fmt.Errorf("%w: unsupported XML version %q", ErrMalformed, v)
	}
	enc := declParam(decl, "encoding")
	if enc == "" || strings.EqualFold(enc, "utf-8") {
		return r, nil
	}
	return charsetReader(enc, r)
}

// declParam is the value of name="…" (or '…') in an XML declaration.
func declParam(decl []byte, name string) string {
	i := bytes.Index(decl, []byte(name))
	if i < 0 {
		return ""
	}
	rest := bytes.TrimLeft(decl[i+len(name):], " \t\r\n")
	rest, ok := bytes.CutPrefix(rest, []byte("="))
	if !ok {
		return ""
	}
	rest = bytes.TrimLeft(rest, " \t\r\n")
	if len(rest) == 0 || (rest[0] != '"' && rest[0] != '\'') {
		return ""
	}
	end := bytes.IndexByte(rest[1:], rest[0])
	if end < 0 {
		return ""
	}
	return string(rest[1 : 1+end])
}

// errReader replays the error the declaration's read ended with.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }
