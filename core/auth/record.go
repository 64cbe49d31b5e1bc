package auth

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// record is what the keychain holds for one connection. It is written as one entry so a
// rotation (new token + previous token + when) lands atomically.
type record struct {
	RefreshToken         Secret
	PreviousRefreshToken Secret    // the one RefreshToken replaced; Xero still takes it for 30 minutes
	RotatedAt            time.Time // when PreviousRefreshToken was replaced
	LastRefresh          time.Time // last time Xero accepted a refresh token (the 60-day idle clock)
	ClientID             string
	TenantID             string
	TenantName           string
	ConnectionID         string
	Email                string
	UserName             string
	ConnectedSince       time.Time
}

// recordWire is the stored form. It exists because Secret refuses to marshal its value,
// which is what we want everywhere except in the keychain.
type recordWire struct {
	Version              int       `json:"v"`
	RefreshToken         string    `json:"refresh_token"`
	PreviousRefreshToken string    `json:"previous_refresh_token,omitempty"`
	RotatedAt            time.Time `json:"rotated_at,omitzero"`
	LastRefresh          time.Time `json:"last_refresh,omitzero"`
	ClientID             string    `json:"client_id,omitempty"`
	TenantID             string    `json:"tenant_id"`
	TenantName           string    `json:"tenant_name,omitempty"`
	ConnectionID         string    `json:"connection_id,omitempty"`
	Email                string    `json:"email,omitempty"`
	UserName             string    `json:"user_name,omitempty"`
	ConnectedSince       time.Time `json:"connected_since,omitzero"`
}

func (r record) marshal() (string, error) {
	b, err := json.Marshal(recordWire{
		Version:              1,
		RefreshToken:         r.RefreshToken.Reveal(),
		PreviousRefreshToken: r.PreviousRefreshToken.Reveal(),
		RotatedAt:            r.RotatedAt,
		LastRefresh:          r.LastRefresh,
		ClientID:             r.ClientID,
		TenantID:             r.TenantID,
		TenantName:           r.TenantName,
		ConnectionID:         r.ConnectionID,
		Email:                r.Email,
		UserName:             r.UserName,
		ConnectedSince:       r.ConnectedSince,
	})
	return string(b), err
}

func unmarshalRecord(s string) (record, error) {
	var w recordWire
	if err := json.Unmarshal([]byte(s), &w); err != nil {
		// The error from encoding/json can quote input; the input holds tokens.
		return record{}, errors.New("the saved Xero connection in the keychain is unreadable")
	}
	if w.RefreshToken == "" {
		return record{}, errors.New("the saved Xero connection in the keychain has no refresh token")
	}
	return record{
		RefreshToken:         Secret(w.RefreshToken),
		PreviousRefreshToken: Secret(w.PreviousRefreshToken),
		RotatedAt:            w.RotatedAt,
		LastRefresh:          w.LastRefresh,
		ClientID:             w.ClientID,
		TenantID:             w.TenantID,
		TenantName:           w.TenantName,
		ConnectionID:         w.ConnectionID,
		Email:                w.Email,
		UserName:             w.UserName,
		ConnectedSince:       w.ConnectedSince,
	}, nil
}

// loadRecord reads the connection; ok is false when none is saved.
func loadRecord(s SecretStore, key string) (r record, ok bool, err error) {
	v, err := s.Get(key)
	if errors.Is(err, ErrSecretNotFound) {
		return record{}, false, nil
	}
	if err != nil {
		return record{}, false, fmt.Errorf("reading the Xero connection from the keychain: %w", err)
	}
	r, err = unmarshalRecord(v)
	if err != nil {
		return record{}, false, err
	}
	return r, true, nil
}

func saveRecord(s SecretStore, key string, r record) error {
	v, err := r.marshal()
	if err != nil {
		return fmt.Errorf("encoding the Xero connection: %w", err)
	}
	if err := s.Set(key, v); err != nil {
		return fmt.Errorf("saving the Xero connection to the keychain: %w", err)
	}
	return nil
}
