package xpm

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Limits bound what one response may cost in memory. Lists are streamed, so the total only
// bounds time; each entity (one <Client>, one <Staff>) is held in memory whole and is capped.
type Limits struct {
	MaxResponseBytes int64 // whole body (0 = 512 MiB)
	MaxEntityBytes   int64 // bytes read while decoding any single top-level entity (0 = 16 MiB)
	MaxDepth         int   // element nesting inside one entity (0 = 32)
	MaxNodes         int   // elements inside one entity (0 = 50,000)
}

func (l Limits) withDefaults() Limits {
	if l.MaxResponseBytes <= 0 {
		l.MaxResponseBytes = 512 << 20
	}
	if l.MaxEntityBytes <= 0 {
		l.MaxEntityBytes = 16 << 20
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = 32
	}
	if l.MaxNodes <= 0 {
		l.MaxNodes = 50_000
	}
	return l
}

// budgetReader fails once the body passes the total cap, or once more than the entity
// budget has been read since the last reset. The tokenizer buffers whole tokens, so this is
// what stops a single gigantic text node or attribute from being buffered.
type budgetReader struct {
	r      io.Reader
	total  int64 // bytes left for the whole body
	entity int64 // bytes left for the current entity
	lim    Limits
}

func (b *budgetReader) reset() { b.entity = b.lim.MaxEntityBytes }

func (b *budgetReader) Read(p []byte) (int, error) {
	if b.total <= 0 {
		return 0, fmt.Errorf("%w: body over %d bytes", ErrTooLarge, b.lim.MaxResponseBytes)
	}
	if b.entity <= 0 {
		return 0, fmt.Errorf("%w: one element over %d bytes", ErrTooLarge, b.lim.MaxEntityBytes)
	}
	if int64(len(p)) > b.total {
		p = p[:b.total]
	}
	n, err := b.r.Read(p)
	b.total -= int64(n)
	b.entity -= int64(n)
	return n, err
}

// node is one element of an entity held in memory: a tiny DOM that lets the mapping code be
// lenient about element order, spelling variants and missing containers.
type node struct {
	name  string
	attrs []xml.Attr
	text  string
	kids  []*node
}

// child returns the first child with one of the names (nil if none).
func (n *node) child(names ...string) *node {
	if n == nil {
		return nil
	}
	for _, name := range names {
		for _, k := range n.kids {
			if k.name == name {
				return k
			}
		}
	}
	return nil
}

// str returns the trimmed text of the first present child among names ("" if none).
func (n *node) str(names ...string) string {
	if c := n.child(names...); c != nil {
		return c.text
	}
	return ""
}

// each calls fn for every child named name of the container child (missing, empty and
// one-item containers all behave alike).
func (n *node) each(container, name string, fn func(*node)) {
	c := n.child(container)
	if c == nil {
		return
	}
	for _, k := range c.kids {
		if k.name == name {
			fn(k)
		}
	}
}

// xmlStream is a token reader over a budgeted body.
type xmlStream struct {
	t     *tokenizer
	br    *budgetReader
	lim   Limits
	stack []xml.Name // open elements, to match end tags and bound nesting

	// Streaming a list reuses one set of nodes for every item (the mapped model keeps only
	// strings), and short repeated values ("Yes", "Auckland") share one string.
	arena    nodeArena
	useArena bool
	interned map[string]string
}

// nodeArena hands out nodes from fixed chunks, so pointers stay valid until reset.
type nodeArena struct {
	chunks [][]node
	ci, ni int
}

func (a *nodeArena) reset() { a.ci, a.ni = 0, 0 }

func (a *nodeArena) alloc() *node {
	if a.ci == len(a.chunks) {
		a.chunks = append(a.chunks, make([]node, 256))
	}
	n := &a.chunks[a.ci][a.ni]
	if a.ni++; a.ni == len(a.chunks[a.ci]) {
		a.ci, a.ni = a.ci+1, 0
	}
	kids := n.kids[:0]
	*n = node{kids: kids}
	return n
}

func (s *xmlStream) newNode(name string, attrs []xml.Attr) *node {
	if !s.useArena {
		return &node{name: name, attrs: attrs}
	}
	n := s.arena.alloc()
	n.name, n.attrs = name, attrs
	return n
}

// maxInterned bounds the table of shared short strings.
const maxInterned = 4096

// intern returns text as a string, sharing short values already seen.
func (s *xmlStream) intern(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > 24 {
		return string(b)
	}
	if v, ok := s.interned[string(b)]; ok {
		return v
	}
	v := string(b)
	if len(s.interned) < maxInterned {
		s.interned[v] = v
	}
	return v
}

// readItem reads one list item into the reusable arena; the node is valid until the next readItem.
func (s *xmlStream) readItem(start xml.StartElement) (*node, error) {
	s.arena.reset()
	s.useArena = true
	defer func() { s.useArena = false }()
	return s.readNode(start)
}

func newStream(r io.Reader, lim Limits) *xmlStream {
	lim = lim.withDefaults()
	br := &budgetReader{r: r, total: lim.MaxResponseBytes, lim: lim}
	br.reset()
	return &xmlStream{t: newTokenizer(br), br: br, lim: lim, interned: map[string]string{}}
}

// charsetReader accepts the encodings a .NET service may declare; everything else is refused.
func charsetReader(label string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "utf-8", "utf8", "us-ascii", "ascii":
		return in, nil
	case "iso-8859-1", "latin1", "latin-1", "windows-1252", "cp1252":
		return &latin1Reader{r: in}, nil
	}
	return nil, fmt.Errorf("%w: unsupported encoding %q", ErrMalformed, label)
}

// latin1Reader widens ISO-8859-1 bytes to UTF-8.
type latin1Reader struct {
	r   io.Reader
	buf []byte
	out []byte
}

func (l *latin1Reader) Read(p []byte) (int, error) {
	if len(l.out) == 0 {
		if cap(l.buf) < len(p)/2+1 {
			l.buf = make([]byte, len(p)/2+1)
		}
		n, err := l.r.Read(l.buf[:len(p)/2+1])
		for _, c := range l.buf[:n] {
			l.out = utf8.AppendRune(l.out, rune(c))
		}
		if n == 0 {
			return 0, err
		}
	}
	n := copy(p, l.out)
	l.out = l.out[n:]
	return n, nil
}

// token returns the next token, refusing DOCTYPE and other directives (the only way to
// smuggle entity declarations in), checking that end tags match and nesting stays bounded,
// and mapping tokenizer errors onto the package's errors. Comments and processing
// instructions are dropped here.
func (s *xmlStream) token() (token, error) {
	for {
		t, err := s.t.next()
		if err != nil {
			if err == io.EOF && len(s.stack) > 0 {
				return token{}, fmt.Errorf("%w: body ended inside <%s>", ErrTruncated, s.stack[len(s.stack)-1].Local)
			}
			return token{}, classifyDecodeErr(err)
		}
		switch t.kind {
		case tokOther:
			continue
		case tokDirective:
			return token{}, fmt.Errorf("%w: DOCTYPE/directives are not allowed", ErrMalformed)
		case tokStart:
			if len(s.stack) >= s.lim.MaxDepth+4 {
				return token{}, fmt.Errorf("%w: elements nested deeper than %d", ErrTooLarge, s.lim.MaxDepth)
			}
			s.stack = append(s.stack, t.name)
		case tokEnd:
			if len(s.stack) == 0 || s.stack[len(s.stack)-1] != t.name {
				return token{}, fmt.Errorf("%w: unexpected </%s>", ErrMalformed, t.name.Local)
			}
			s.stack = s.stack[:len(s.stack)-1]
		}
		return t, nil
	}
}

func classifyDecodeErr(err error) error {
	switch {
	case errors.Is(err, ErrTooLarge), errors.Is(err, ErrMalformed):
		return err
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%w: %v", ErrTruncated, err)
	}
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		if strings.Contains(se.Msg, "unexpected EOF") {
			return fmt.Errorf("%w: %v", ErrTruncated, err)
		}
		return fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	// Anything else came from the body reader: a dropped connection or a timeout.
	return fmt.Errorf("%w: %w", ErrTruncated, err)
}

// readNode reads the element opened by start into memory, with the entity budget reset.
func (s *xmlStream) readNode(start xml.StartElement) (*node, error) {
	s.br.reset()
	root := s.newNode(start.Name.Local, start.Attr)
	stack := []*node{root}
	texts := []bytes.Buffer{{}}
	count := 1
	for {
		t, err := s.token()
		if err != nil {
			return nil, err
		}
		top := stack[len(stack)-1]
		switch t.kind {
		case tokStart:
			count++
			if count > s.lim.MaxNodes {
				return nil, fmt.Errorf("%w: more than %d elements in one <%s>", ErrTooLarge, s.lim.MaxNodes, root.name)
			}
			if len(stack) >= s.lim.MaxDepth {
				return nil, fmt.Errorf("%w: elements nested deeper than %d", ErrTooLarge, s.lim.MaxDepth)
			}
			n := s.newNode(t.name.Local, t.attrs)
			top.kids = append(top.kids, n)
			stack = append(stack, n)
			if len(texts) < len(stack) {
				texts = append(texts, bytes.Buffer{})
			}
			texts[len(stack)-1].Reset()
		case tokText:
			// Text between child elements of a container is indentation; only leaves keep text.
			texts[len(stack)-1].Write(t.text)
		case tokEnd:
			buf := &texts[len(stack)-1]
			if len(top.kids) == 0 && buf.Len() > 0 {
				top.text = s.intern(bytes.TrimSpace(buf.Bytes()))
			}
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				s.br.reset()
				return root, nil
			}
		}
	}
}

// skip consumes the rest of the element whose start was just read, within the entity budget.
func (s *xmlStream) skip() error {
	s.br.reset()
	depth := 1
	for depth > 0 {
		t, err := s.token()
		if err != nil {
			return err
		}
		switch t.kind {
		case tokStart:
			depth++
		case tokEnd:
			depth--
		}
	}
	s.br.reset()
	return nil
}

// text reads a leaf element's text (the start was just read).
func (s *xmlStream) text() (string, error) {
	n, err := s.readNode(xml.StartElement{})
	if err != nil {
		return "", err
	}
	return n.text, nil
}

// children calls fn with the start of every child element of the element just opened;
// fn must consume the child (readNode, skip, …). Indentation between children is ignored.
func (s *xmlStream) children(fn func(start xml.StartElement) error) error {
	for {
		s.br.reset()
		t, err := s.token()
		if err != nil {
			return err
		}
		switch t.kind {
		case tokStart:
			if err := fn(xml.StartElement{Name: t.name, Attr: t.attrs}); err != nil {
				return err
			}
		case tokEnd:
			return nil
		}
	}
}

// envelope is what every XPM response carries besides its payload.
type envelope struct {
	APIMethod   string
	Status      string
	Description string
	WebURL      string // <WebUrl> as a sibling of the entity
}

// decodeEnvelope walks <Response>, keeps Status, ErrorDescription and WebUrl, and hands
// every other child to visit, which must consume it. A Status other than OK becomes an
// *APIError (Method filled in by the caller).
func decodeEnvelope(r io.Reader, lim Limits, visit func(s *xmlStream, start xml.StartElement) error) (envelope, error) {
	s := newStream(r, lim)
	var env envelope
	// Find the root element, skipping the prolog, comments and whitespace.
	var root xml.StartElement
	for {
		t, err := s.token()
		if err != nil {
			if errors.Is(err, ErrTruncated) {
				return env, fmt.Errorf("%w: no <Response> element", ErrMalformed)
			}
			return env, err
		}
		if t.kind == tokStart {
			root = xml.StartElement{Name: t.name, Attr: t.attrs}
			break
		}
		if t.kind == tokText && len(bytes.TrimSpace(t.text)) > 0 {
			return env, fmt.Errorf("%w: text before the root element", ErrMalformed)
		}
	}
	if root.Name.Local != "Response" {
		return env, fmt.Errorf("%w: root element is <%s>, want <Response>", ErrMalformed, root.Name.Local)
	}
	for _, a := range root.Attr {
		if a.Name.Local == "api-method" {
			env.APIMethod = a.Value
		}
	}
	err := s.children(func(st xml.StartElement) error {
		var err error
		switch st.Name.Local {
		case "Status":
			env.Status, err = s.text()
		case "ErrorDescription":
			env.Description, err = s.text()
		case "WebUrl", "WebURL":
			env.WebURL, err = s.text()
		default:
			if visit == nil {
				return s.skip()
			}
			err = visit(s, st)
		}
		return err
	})
	if err != nil {
		return env, err
	}
	// Anything after </Response> other than whitespace/comments is garbage.
	for {
		t, err := s.token()
		if errors.Is(err, ErrTruncated) && len(s.stack) == 0 {
			break // plain end of body
		}
		if err != nil {
			return env, err
		}
		switch t.kind {
		case tokStart:
			return env, fmt.Errorf("%w: content after </Response>", ErrMalformed)
		case tokText:
			if len(bytes.TrimSpace(t.text)) > 0 {
				return env, fmt.Errorf("%w: content after </Response>", ErrMalformed)
			}
		}
	}
	switch strings.ToUpper(env.Status) {
	case "OK":
		return env, nil
	case "":
		return env, fmt.Errorf("%w: no <Status> in the response", ErrMalformed)
	}
	desc := env.Description
	if desc == "" {
		desc = "XPM reported status " + env.Status + " without a description"
	}
	return env, &APIError{Description: desc}
}
