package xpm

import (
	"context"
	"fmt"
	"io"

	"xpmsync/core/model"
)

// AddRelationship links clientUUID to r.RelatedClient as r.Type (PM module only). The answer's
// XML shape is not documented, so when it lacks the new UUID the client is read back and the
// relationship found by type and related client. Never re-sent when the outcome is unclear.
func (c *Client) AddRelationship(ctx context.Context, clientUUID string, r model.Relationship) (model.Relationship, error) {
	if clientUUID == "" || r.RelatedClient.UUID == "" || r.Type == "" {
		return model.Relationship{}, fmt.Errorf("POST client.api/addrelationship: client, related client and type are required")
	}
	var w xmlBody
	w.open("Relationship")
	w.elem("ClientUUID", clientUUID)
	w.elem("RelatedClientUUID", r.RelatedClient.UUID)
	w.elem("Type", r.Type)
	w.opt("NumberOfShares", r.NumberOfShares)
	w.opt("Percentage", r.Percentage)
	w.opt("StartDate", dateOnlyOrEmpty(r.StartDate))
	w.opt("EndDate", dateOnlyOrEmpty(r.EndDate))
	w.close("Relationship")
	out, found, err := c.relationshipCall(ctx, "POST", "client.api/addrelationship", w.bytes(), false)
	if err != nil {
		return out, err
	}
	if found && out.UUID != "" {
		return out, nil
	}
	cl, err := c.GetClient(ctx, clientUUID)
	if err != nil {
		return model.Relationship{}, fmt.Errorf("POST client.api/addrelationship: added, but reading it back failed: %w", err)
	}
	for _, got := range cl.Relationships {
		if got.Type == r.Type && got.RelatedClient.UUID == r.RelatedClient.UUID {
			return got, nil
		}
	}
	return model.Relationship{}, fmt.Errorf("POST client.api/addrelationship: %w: XPM said OK but the relationship is not on the client", ErrOutcomeUnknown)
}

// UpdateRelationship changes shares, percentage and dates (type and parties cannot change).
func (c *Client) UpdateRelationship(ctx context.Context, r model.Relationship) (model.Relationship, error) {
	if r.UUID == "" {
		return model.Relationship{}, fmt.Errorf("PUT client.api/updaterelationship: no relationship UUID")
	}
	var w xmlBody
	w.open("Relationship")
	w.elem("UUID", r.UUID)
	w.elem("NumberOfShares", r.NumberOfShares)
	w.elem("Percentage", r.Percentage)
	w.elem("StartDate", dateOnlyOrEmpty(r.StartDate))
	w.elem("EndDate", dateOnlyOrEmpty(r.EndDate))
	w.close("Relationship")
	out, found, err := c.relationshipCall(ctx, "PUT", "client.api/updaterelationship", w.bytes(), true)
	if err != nil {
		return out, err
	}
	if !found || out.UUID == "" {
		// Status-only answer: what was sent is what XPM now holds.
		return r, nil
	}
	return out, nil
}

// DeleteRelationship removes a relationship.
func (c *Client) DeleteRelationship(ctx context.Context, uuid string) error {
	_, _, err := c.relationshipCall(ctx, "POST", "client.api/deleterelationship", uuidBody("Relationship", uuid), false)
	return err
}

func (c *Client) relationshipCall(ctx context.Context, method, op string, body []byte, idem bool) (model.Relationship, bool, error) {
	var out model.Relationship
	var found bool
	err := c.do(ctx, &call{method: method, op: op, body: body, idempotent: idem,
		decode: func(r io.Reader) (err error) { out, found, err = decodeRelationship(r, c.limits); return err }})
	return out, found, err
}

func dateOnlyOrEmpty(s string) string {
	if s == "" {
		return ""
	}
	return dateOnly(s)
}
