// Package export writes CSV files a spreadsheet can open safely: every cell that a spreadsheet
// would read as a formula is written as text instead (CSV/formula injection).
package export

import (
	"encoding/csv"
	"fmt"
	"io"
)

// SafeCell returns s as a spreadsheet will show it as text: a cell starting with = + - @ (or a
// tab or carriage return, which some spreadsheets strip before looking) gets a leading
// apostrophe, the OWASP advice for CSV injection.
func SafeCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// Writer is a CSV writer that makes every cell safe before writing it.
type Writer struct {
	w   *csv.Writer
	buf []string
}

// NewWriter writes CSV to w. It uses CRLF line ends, as spreadsheets on every platform expect.
func NewWriter(w io.Writer) *Writer {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	return &Writer{w: cw}
}

// Write writes one row, each cell made safe.
func (w *Writer) Write(cells ...string) error {
	w.buf = w.buf[:0]
	for _, c := range cells {
		w.buf = append(w.buf, SafeCell(c))
	}
	if err := w.w.Write(w.buf); err != nil {
		return fmt.Errorf("write CSV row: %w", err)
	}
	return nil
}

// Flush writes any buffered rows and reports the first write error.
func (w *Writer) Flush() error {
	w.w.Flush()
	if err := w.w.Error(); err != nil {
		return fmt.Errorf("write CSV: %w", err)
	}
	return nil
}
