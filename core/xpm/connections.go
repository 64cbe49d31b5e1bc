package xpm

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"xpmsync/core/model"
)

// maxConnectionsBytes caps the /connections answer (a handful of tenants per user).
const maxConnectionsBytes = 4 << 20

// Connections lists the Xero tenants this sign-in may use (GET /connections, no tenant header).
func (c *Client) Connections(ctx context.Context) ([]model.Connection, error) {
	var out []model.Connection
	err := c.do(ctx, &call{method: "GET", rawPath: "/connections", noTenant: true, idempotent: true,
		decode: func(r io.Reader) (err error) { out, err = decodeConnections(r); return err }})
	return out, err
}

// DeleteConnection disconnects a tenant by its connection id (not the tenant id).
func (c *Client) DeleteConnection(ctx context.Context, id string) error {
	return c.do(ctx, &call{method: "DELETE", rawPath: "/connections/" + url.PathEscape(id), noTenant: true, idempotent: true})
}

// xeroTime parses Xero's JSON timestamps: 7 fractional digits and no zone (UTC), or RFC 3339.
type xeroTime time.Time

func (t *xeroTime) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "" || s == "null" {
		return nil
	}
	if p, ok := parseDate(s); ok {
		*t = xeroTime(p.UTC())
		return nil
	}
	return fmt.Errorf("unrecognised time %q", s)
}

// decodeConnections reads the JSON array of connections.
func decodeConnections(r io.Reader) ([]model.Connection, error) {
	var raw []struct {
		ID             string   `json:"id"`
		AuthEventID    string   `json:"authEventId"`
		TenantID       string   `json:"tenantId"`
		TenantType     string   `json:"tenantType"`
		TenantName     *string  `json:"tenantName"`
		CreatedDateUTC xeroTime `json:"createdDateUtc"`
		UpdatedDateUTC xeroTime `json:"updatedDateUtc"`
	}
	lr := &io.LimitedReader{R: r, N: maxConnectionsBytes + 1}
	if err := json.NewDecoder(lr).Decode(&raw); err != nil {
		if lr.N <= 0 {
			return nil, fmt.Errorf("%w: /connections over %d bytes", ErrTooLarge, maxConnectionsBytes)
		}
		if err == io.ErrUnexpectedEOF {
			return nil, fmt.Errorf("%w: %v", ErrTruncated, err)
		}
		return nil, fmt.Errorf("%w: /connections: %v", ErrMalformed, err)
	}
	out := make([]model.Connection, 0, len(raw))
	for _, c := range raw {
		name := ""
		if c.TenantName != nil {
			name = *c.TenantName
		}
		out = append(out, model.Connection{
			ID: c.ID, AuthEventID: c.AuthEventID, TenantID: c.TenantID, TenantType: c.TenantType, TenantName: name,
			CreatedDateUTC: time.Time(c.CreatedDateUTC), UpdatedDateUTC: time.Time(c.UpdatedDateUTC),
		})
	}
	return out, nil
}

// PracticeManagerConnections keeps only the PRACTICEMANAGER tenants.
func PracticeManagerConnections(all []model.Connection) []model.Connection {
	var out []model.Connection
	for _, c := range all {
		if strings.EqualFold(c.TenantType, "PRACTICEMANAGER") {
			out = append(out, c)
		}
	}
	return out
}
