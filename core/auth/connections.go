package auth

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"xpmsync/core/model"
)

// TenantTypePracticeManager marks an XPM connection in GET /connections.
const TenantTypePracticeManager = "PRACTICEMANAGER"

type connectionWire struct {
	ID             string  `json:"id"`
	AuthEventID    string  `json:"authEventId"`
	TenantID       string  `json:"tenantId"`
	TenantType     string  `json:"tenantType"`
	TenantName     *string `json:"tenantName"` // null for XPM in Xero's own example
	CreatedDateUTC string  `json:"createdDateUtc"`
	UpdatedDateUTC string  `json:"updatedDateUtc"`
}

// parseXeroTime reads Xero's connection timestamps, which come without a zone and with
// up to seven fractional digits; anything unreadable is left zero rather than failing.
func parseXeroTime(s string) time.Time {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.9999999", "2006-01-02T15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// listConnections returns every tenant the access token may reach.
func (c Config) listConnections(ctx context.Context, access Secret) ([]model.Connection, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.Endpoints.Connections, nil)
	if err != nil {
		return nil, fmt.Errorf("listing Xero connections: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+access.Reveal())
	req.Header.Set("Accept", "application/json")
	resp, err := c.HTTPClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("listing Xero connections: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, statusErr("listing Xero connections", resp)
	}
	var wire []connectionWire
	if err := json.NewDecoder(io.LimitReader(resp.Body, 4<<20)).Decode(&wire); err != nil {
		return nil, fmt.Errorf("listing Xero connections: unreadable answer: %w", err)
	}
	out := make([]model.Connection, 0, len(wire))
	for _, w := range wire {
		conn := model.Connection{
			ID:             w.ID,
			AuthEventID:    w.AuthEventID,
			TenantID:       w.TenantID,
			TenantType:     w.TenantType,
			CreatedDateUTC: parseXeroTime(w.CreatedDateUTC),
			UpdatedDateUTC: parseXeroTime(w.UpdatedDateUTC),
		}
		if w.TenantName != nil {
			conn.TenantName = *w.TenantName
		}
		out = append(out, conn)
	}
	return out, nil
}

// PracticeManagerTenants keeps the XPM connections, in Xero's order.
func PracticeManagerTenants(all []model.Connection) []model.Connection {
	var pm []model.Connection
	for _, c := range all {
		if strings.EqualFold(c.TenantType, TenantTypePracticeManager) {
			pm = append(pm, c)
		}
	}
	return pm
}

// deleteConnection removes one tenant connection; 404 counts as already gone.
func (c Config) deleteConnection(ctx context.Context, access Secret, id string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodDelete, strings.TrimRight(c.Endpoints.Connections, "/")+"/"+id, nil)
	if err != nil {
		return fmt.Errorf("removing the Xero connection: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+access.Reveal())
	resp, err := c.HTTPClient.Do(req)
	if err != nil {
		return fmt.Errorf("removing the Xero connection: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	switch resp.StatusCode {
	case http.StatusOK, http.StatusNoContent, http.StatusNotFound:
		return nil
	}
	return statusErr("removing the Xero connection", resp)
}

// revoke ends the whole grant (every tenant) for a refresh token. PKCE apps put
// client_id in the body in place of Basic auth.
func (c Config) revoke(ctx context.Context, rt Secret) error {
	form := strings.NewReader(url.Values{
		"token":           {rt.Reveal()},
		"token_type_hint": {"refresh_token"},
		"client_id":       {c.ClientID},
	}.Encode())
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.Endpoints.Revocation, form)
	if err != nil {
		return fmt.Errorf("revoking the Xero token: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.HTTPClient.Do(req)
	if err != nil {
		return fmt.Errorf("revoking the Xero token: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusNoContent {
		// RFC 7009: an unknown or already revoked token still answers 200, so any other
		// status is a real failure.
		return statusErr("revoking the Xero token", resp)
	}
	return nil
}
