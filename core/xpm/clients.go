package xpm

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"time"

	"xpmsync/core/model"
)

// ListOptions selects what client.api/list returns.
type ListOptions struct {
	Detailed      bool      // include notes, groups, relationships and the PM-module detail
	ModifiedSince time.Time // zero = everything; sent in UTC as yyyy-MM-ddTHH:mm:ss
}

// MaxPageSize is the largest pageSize paged endpoints accept.
const MaxPageSize = 500

// maxPages stops a paging loop whose tokens never end (a server bug must not spin forever).
const maxPages = 100_000

// ListClients streams client.api/list (archived and deleted clients included) to fn, one
// client at a time, never holding the whole response. If the response breaks off mid-way
// the request is retried from the start, so fn may see a client again: store by UUID.
// An error returned by fn stops the list and is returned as is.
func (c *Client) ListClients(ctx context.Context, opt ListOptions, fn func(model.Client) error) error {
	q := url.Values{}
	if opt.Detailed {
		q.Set("detailed", "true")
	}
	if !opt.ModifiedSince.IsZero() {
		q.Set("modifiedsince", opt.ModifiedSince.UTC().Format("2006-01-02T15:04:05"))
	}
	return c.do(ctx, &call{method: "GET", op: "client.api/list", query: q, idempotent: true,
		decode: func(r io.Reader) error {
			_, err := decodeClientList(r, c.limits, fn)
			return err
		}})
}

// PagedClients walks client.api/paged-list (active clients only, base fields only), pageSize
// 1–500, following the opaque next-page tokens until the last page.
func (c *Client) PagedClients(ctx context.Context, pageSize int, fn func(model.Client) error) error {
	return c.paged(ctx, "client.api/paged-list", pageSize, func(r io.Reader, count *int) (string, error) {
		return decodeClientList(r, c.limits, func(cl model.Client) error { *count++; return fn(cl) })
	})
}

// paged runs the token loop shared by paged-list and contacts (addendum §2 stop rules).
func (c *Client) paged(ctx context.Context, op string, pageSize int, page func(r io.Reader, count *int) (string, error)) error {
	pageSize = min(max(pageSize, 1), MaxPageSize)
	token, prev := "", ""
	for range maxPages {
		q := url.Values{"pageSize": {strconv.Itoa(pageSize)}}
		if token != "" {
			q.Set("pageToken", token)
		}
		var next string
		var count int
		err := c.do(ctx, &call{method: "GET", op: op, query: q, idempotent: true, decode: func(r io.Reader) error {
			count = 0
			var err error
			next, err = page(r, &count)
			return err
		}})
		if err != nil {
			return err
		}
		if next == "" || count == 0 || next == token || next == prev {
			return nil
		}
		prev, token = token, next
	}
	return fmt.Errorf("GET %s: more than %d pages; stopping", op, maxPages)
}

// SearchClients runs client.api/search.
func (c *Client) SearchClients(ctx context.Context, query string, detailed bool) ([]model.Client, error) {
	q := url.Values{"query": {query}}
	if detailed {
		q.Set("detailed", "true")
	}
	var out []model.Client
	err := c.do(ctx, &call{method: "GET", op: "client.api/search", query: q, idempotent: true,
		decode: func(r io.Reader) error {
			out = out[:0]
			_, err := decodeClientList(r, c.limits, func(cl model.Client) error { out = append(out, cl); return nil })
			return err
		}})
	return out, err
}

// GetClient reads one detailed client.
func (c *Client) GetClient(ctx context.Context, uuid string) (model.Client, error) {
	var out model.Client
	err := c.do(ctx, &call{method: "GET", op: "client.api/get/" + url.PathEscape(uuid), idempotent: true,
		decode: func(r io.Reader) (err error) { out, err = decodeClient(r, c.limits); return err }})
	return out, err
}

// AddClient creates a client (with its contacts) and returns XPM's detailed record. It is
// never re-sent when the outcome is unclear: the error then matches ErrOutcomeUnknown and the
// caller must search before adding again. A masked TaxNumber is never sent.
func (c *Client) AddClient(ctx context.Context, cl model.Client) (model.Client, error) {
	if cl.Name == "" {
		return model.Client{}, fmt.Errorf("POST client.api/add: a client needs a name")
	}
	var out model.Client
	err := c.do(ctx, &call{method: "POST", op: "client.api/add", body: addClientBody(cl),
		decode: func(r io.Reader) (err error) { out, err = decodeClient(r, c.limits); return err }})
	return out, err
}

// UpdateClient changes only the given fields (keys are write element names, as in
// model.ClientField.Write: "WebSite", "AccountManagerUUID", …; an empty value clears the field)
// and returns XPM's record after the change. name is the client's name (XPM requires it).
func (c *Client) UpdateClient(ctx context.Context, uuid, name string, set map[string]string) (model.Client, error) {
	body, err := updateClientBody(uuid, name, set)
	if err != nil {
		return model.Client{}, fmt.Errorf("PUT client.api/update: %w", err)
	}
	var out model.Client
	err = c.do(ctx, &call{method: "PUT", op: "client.api/update", body: body, idempotent: true,
		decode: func(r io.Reader) (err error) { out, err = decodeClient(r, c.limits); return err }})
	return out, err
}

// ArchiveClient archives a client and returns the archived record.
func (c *Client) ArchiveClient(ctx context.Context, uuid string) (model.Client, error) {
	var out model.Client
	err := c.do(ctx, &call{method: "PUT", op: "client.api/archive", body: uuidBody("Client", uuid), idempotent: true,
		decode: func(r io.Reader) (err error) { out, err = decodeClient(r, c.limits); return err }})
	return out, err
}

// DeleteClient deletes a client.
func (c *Client) DeleteClient(ctx context.Context, uuid string) error {
	return c.do(ctx, &call{method: "POST", op: "client.api/delete", body: uuidBody("Client", uuid),
		decode: func(r io.Reader) error { return decodeStatus(r, c.limits) }})
}

// uuidBody is <root><UUID>uuid</UUID></root>.
func uuidBody(root, uuid string) []byte {
	var w xmlBody
	w.open(root)
	w.elem("UUID", uuid)
	w.close(root)
	return w.bytes()
}
