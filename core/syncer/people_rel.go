package syncer

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"xpmsync/core/model"
	"xpmsync/core/store"
)

// RelationshipTypes are XPM's relationship types (API reference §2.9).
var RelationshipTypes = []string{"Director", "Shareholder", "Trustee", "Beneficiary", "Partner", "Settlor", "Associate",
	"Secretary", "Public Officer", "Husband", "Wife", "Spouse", "Parent Of", "Child Of", "Appointer", "Member", "Auditor", "Owner"}

// TakesShares reports whether XPM accepts a number of shares for a relationship type.
func TakesShares(typ string) bool { return typ == "Shareholder" || typ == "Owner" }

// TakesPercentage reports whether XPM accepts a percentage for a relationship type (partners).
func TakesPercentage(typ string) bool { return typ == "Partner" }

var sharesRe = regexp.MustCompile(`^\d+$`)

// RelationshipProblems checks a relationship by XPM's own rules: a type XPM knows, another
// client to relate to, shares only for a shareholder or owner, a percentage only for a partner,
// dates as yyyy-mm-dd with the end not before the start.
func RelationshipProblems(r store.LocalRelationship) (store.LocalRelationship, map[string]string) {
	p := map[string]string{}
	r.NumberOfShares, r.Percentage = strings.TrimSpace(r.NumberOfShares), strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(r.Percentage), "%"))
	r.StartDate, r.EndDate = strings.TrimSpace(r.StartDate), strings.TrimSpace(r.EndDate)
	if !slices.Contains(RelationshipTypes, r.Type) {
		p["Type"] = "Choose one of XPM's relationship types."
	}
	switch {
	case r.RelatedClientID == 0 && (r.ID == 0 || r.RelatedName == ""):
		p["Related"] = "Choose the client this one is related to."
	case r.RelatedClientID == r.ClientID:
		p["Related"] = "A client cannot be related to itself."
	}
	relValueProblems(r, p)
	relDateProblems(r, p)
	return r, p
}

func relValueProblems(r store.LocalRelationship, p map[string]string) {
	if r.NumberOfShares != "" && !TakesShares(r.Type) {
		p["NumberOfShares"] = "Only a shareholder or owner has shares in XPM."
	} else if r.NumberOfShares != "" && !sharesRe.MatchString(r.NumberOfShares) {
		p["NumberOfShares"] = "Shares are a whole number, like 1000."
	}
	if r.Percentage == "" {
		return
	}
	if !TakesPercentage(r.Type) {
		p["Percentage"] = "Only a partner has a percentage in XPM."
	} else if f, err := strconv.ParseFloat(r.Percentage, 64); err != nil || f < 0 || f > 100 {
		p["Percentage"] = "A percentage is a number from 0 to 100, like 25 or 12.5."
	}
}

func relDateProblems(r store.LocalRelationship, p map[string]string) {
	start, okS := relDate(r.StartDate)
	end, okE := relDate(r.EndDate)
	if !okS {
		p["StartDate"] = "Dates are written yyyy-mm-dd, like 2024-07-01."
	}
	if !okE {
		p["EndDate"] = "Dates are written yyyy-mm-dd, like 2025-06-30."
	}
	if okS && okE && !start.IsZero() && !end.IsZero() && end.Before(start) {
		p["EndDate"] = "The end date is before the start date."
	}
}

func relDate(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, true
	}
	t, err := time.Parse("2006-01-02", s)
	return t, err == nil
}

// SaveRelationship records a relationship between two local clients (a new one when r.ID is
// 0). When both are linked and the policy is To XPM + Everything, it is queued for XPM's
// relationship endpoints in the same transaction. XPM never changes the type or the parties
// of a relationship it has, so those cannot change here once it is in XPM.
func (e *Engine) SaveRelationship(ctx context.Context, r store.LocalRelationship) (int64, error) {
	p, err := LoadPolicy(ctx, e.st)
	if err != nil {
		return 0, err
	}
	r, probs := RelationshipProblems(r)
	if len(probs) > 0 {
		return 0, &ProblemsError{What: "relationship", Problems: probs}
	}
	queued := false
	err = e.st.WithTx(ctx, func(tx *sql.Tx) error {
		owner, related, err := e.relPartiesTx(ctx, tx, r)
		if err != nil {
			return err
		}
		r.RelatedName = related.Client.Name
		op, err := e.putRelationshipTx(ctx, tx, &r)
		if err != nil {
			return err
		}
		if !pushesPeople(p, owner) || related.XPMUUID == "" {
			return nil
		}
		queued = true
		b, _ := json.Marshal(relPayload{RelID: r.ID, Name: r.Type + " — " + r.RelatedName})
		if _, err := e.st.EnqueueTx(ctx, tx, store.OutboxItem{ClientID: owner.ID, Op: op, Payload: string(b)}); err != nil {
			return err
		}
		return e.st.AddEventTx(ctx, tx, store.Event{Kind: model.EventPushQueued, Result: "pending", ClientID: owner.ID, XPMUUID: owner.XPMUUID,
			ClientName: owner.Client.Name, Details: "Relationship queued for XPM: " + r.Type + " — " + r.RelatedName})
	})
	if err != nil {
		return 0, fmt.Errorf("save relationship: %w", err)
	}
	if queued {
		e.kick()
	}
	return r.ID, nil
}

func (e *Engine) relPartiesTx(ctx context.Context, tx *sql.Tx, r store.LocalRelationship) (owner, related store.LocalClient, err error) {
	if owner, err = e.st.ClientTx(ctx, tx, r.ClientID); err != nil {
		return owner, related, err
	}
	if r.RelatedClientID == 0 {
		// An imported person or entity that is not one of the practice's clients.
		return owner, store.LocalClient{Client: model.Client{Name: r.RelatedName}}, nil
	}
	related, err = e.st.ClientTx(ctx, tx, r.RelatedClientID)
	return owner, related, err
}

// putRelationshipTx inserts or updates r and says which outbox operation sends it.
func (e *Engine) putRelationshipTx(ctx context.Context, tx *sql.Tx, r *store.LocalRelationship) (string, error) {
	if r.ID == 0 {
		id, err := e.st.InsertRelationshipTx(ctx, tx, *r)
		r.ID = id
		return opAddRel, err
	}
	old, err := e.st.RelationshipTx(ctx, tx, r.ID)
	if err != nil {
		return "", err
	}
	if old.XPMUUID != "" && (old.Type != r.Type || old.RelatedClientID != r.RelatedClientID) {
		return "", fmt.Errorf("XPM cannot change the type or the related client of a relationship it has; remove this one and add a new one")
	}
	r.XPMUUID, r.Email = old.XPMUUID, old.Email
	if err := e.st.UpdateRelationshipTx(ctx, tx, *r); err != nil {
		return "", err
	}
	if r.XPMUUID == "" {
		return opAddRel, nil
	}
	return opUpdateRel, nil
}

// RemoveRelationship removes a local relationship; one XPM has is removed there too when the
// policy sends relationships.
func (e *Engine) RemoveRelationship(ctx context.Context, id int64) error {
	p, err := LoadPolicy(ctx, e.st)
	if err != nil {
		return err
	}
	queued := false
	err = e.st.WithTx(ctx, func(tx *sql.Tx) error {
		r, err := e.st.RelationshipTx(ctx, tx, id)
		if err != nil {
			return err
		}
		owner, err := e.st.ClientTx(ctx, tx, r.ClientID)
		if err != nil {
			return err
		}
		if err := e.st.DeleteRelationshipTx(ctx, tx, id); err != nil {
			return err
		}
		if r.XPMUUID == "" || !pushesPeople(p, owner) {
			return nil
		}
		queued = true
		b, _ := json.Marshal(relPayload{UUID: r.XPMUUID, Name: r.Type + " — " + r.RelatedName})
		if _, err := e.st.EnqueueTx(ctx, tx, store.OutboxItem{ClientID: owner.ID, Op: opDeleteRel, Payload: string(b)}); err != nil {
			return err
		}
		return e.st.AddEventTx(ctx, tx, store.Event{Kind: model.EventPushQueued, Result: "pending", ClientID: owner.ID, XPMUUID: owner.XPMUUID,
			ClientName: owner.Client.Name, Details: "Relationship removal queued for XPM: " + r.Type + " — " + r.RelatedName})
	})
	if err != nil {
		return fmt.Errorf("remove relationship %d: %w", id, err)
	}
	if queued {
		e.kick()
	}
	return nil
}
