package xpm

import (
	"context"
	"fmt"
	"io"
	"net/url"

	"xpmsync/core/model"
)

// ListStaff reads staff.api/list (no paging in the API; practices have tens of staff).
func (c *Client) ListStaff(ctx context.Context) ([]model.Staff, error) {
	var out []model.Staff
	err := c.do(ctx, &call{method: "GET", op: "staff.api/list", idempotent: true, decode: func(r io.Reader) error {
		out = out[:0]
		return decodeStaffList(r, c.limits, func(s model.Staff) error { out = append(out, s); return nil })
	}})
	return out, err
}

// GetStaff reads one staff member.
func (c *Client) GetStaff(ctx context.Context, uuid string) (model.Staff, error) {
	var out model.Staff
	err := c.do(ctx, &call{method: "GET", op: "staff.api/get/" + url.PathEscape(uuid), idempotent: true,
		decode: func(r io.Reader) (err error) { out, err = decodeStaff(r, c.limits); return err }})
	return out, err
}

// AddStaff creates a staff member; like every add it is never re-sent when the outcome is
// unclear (ErrOutcomeUnknown).
func (c *Client) AddStaff(ctx context.Context, s model.Staff) (model.Staff, error) {
	if s.Name == "" {
		return model.Staff{}, fmt.Errorf("POST staff.api/add: a staff member needs a name")
	}
	var out model.Staff
	err := c.do(ctx, &call{method: "POST", op: "staff.api/add", body: staffBody(s, false),
		decode: func(r io.Reader) (err error) { out, err = decodeStaff(r, c.limits); return err }})
	return out, err
}

// UpdateStaff writes every field of s (empty fields clear) and returns XPM's record.
func (c *Client) UpdateStaff(ctx context.Context, s model.Staff) (model.Staff, error) {
	if s.UUID == "" || s.Name == "" {
		return model.Staff{}, fmt.Errorf("PUT staff.api/update: UUID and name are required")
	}
	var out model.Staff
	err := c.do(ctx, &call{method: "PUT", op: "staff.api/update", body: staffBody(s, true), idempotent: true,
		decode: func(r io.Reader) (err error) { out, err = decodeStaff(r, c.limits); return err }})
	return out, err
}

// DeleteStaff deletes a staff member.
func (c *Client) DeleteStaff(ctx context.Context, uuid string) error {
	return c.do(ctx, &call{method: "POST", op: "staff.api/delete", body: uuidBody("Staff", uuid),
		decode: func(r io.Reader) error { return decodeStatus(r, c.limits) }})
}

func staffBody(s model.Staff, update bool) []byte {
	var w xmlBody
	w.open("Staff")
	put := w.opt
	if update {
		w.elem("UUID", s.UUID)
		put = w.elem
	}
	w.elem("Name", s.Name)
	put("Address", s.Address)
	put("Phone", s.Phone)
	put("Mobile", s.Mobile)
	put("Email", s.Email)
	put("PayrollCode", s.PayrollCode)
	w.close("Staff")
	return w.bytes()
}
