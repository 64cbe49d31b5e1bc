package syncer

import (
	"context"
	"fmt"
	"time"

	"xpmsync/core/model"
	"xpmsync/core/xpm"
)

// PlanItem is one thing the next sync would do.
type PlanItem struct {
	ClientID int64
	XPMUUID  string
	Client   string
	Field    string // field label, or "" for a whole-client action
	Local    string
	XPM      string
	Result   string
	Outcome  Outcome
	Note     string // words for whole-client actions: "would be created", "deleted in XPM", …
}

// Plan is what the next "Resync now" would do, worked out without changing anything.
type Plan struct {
	Kind      Kind
	Since     time.Time // zero for a full list
	Fetched   int       // XPM clients the list returned
	NewInXPM  []string  // XPM clients not seen before (pickable, or created with import-all)
	Created   []PlanItem
	Changes   []PlanItem // field changes on linked clients
	Flags     []PlanItem // clients that would be flagged for review
	Invalid   int        // records that would not be imported
	OutboxDue int        // local changes waiting to be sent to XPM
}

// Empty reports whether the next sync would change nothing here or in XPM.
func (p Plan) Empty() bool {
	return len(p.NewInXPM) == 0 && len(p.Created) == 0 && len(p.Changes) == 0 && len(p.Flags) == 0 && p.OutboxDue == 0
}

// Preview works out what the next delta sync would do, without doing it. It costs one XPM
// call (the client list); nothing is written.
func (e *Engine) Preview(ctx context.Context) (Plan, error) {
	p, err := LoadPolicy(ctx, e.st)
	if err != nil {
		return Plan{}, err
	}
	plan := Plan{Kind: Delta}
	cursor, err := e.st.State(ctx, e.st.DB(), cursorKey)
	if err != nil {
		return plan, err
	}
	if t, err := time.Parse(time.RFC3339Nano, cursor); err == nil {
		plan.Since = t.Add(-e.opts.Overlap)
	} else {
		plan.Kind = Full
	}
	links, err := e.st.StaffLinksTx(ctx, e.st.DB())
	if err != nil {
		return plan, err
	}
	linked, err := e.st.LinkedClientIDs(ctx)
	if err != nil {
		return plan, err
	}
	if open, _, err := e.st.OutboxCounts(ctx); err == nil {
		plan.OutboxDue = open
	}
	err = e.api.ListClients(ctx, xpm.ListOptions{Detailed: true, ModifiedSince: plan.Since}, func(x model.Client) error {
		plan.Fetched++
		id, isLinked := linked[x.UUID]
		if !isLinked {
			if _, err := e.st.XPMClientByUUID(ctx, x.UUID); err != nil && !x.IsDeleted {
				plan.NewInXPM = append(plan.NewInXPM, x.Name)
			}
			if p.ImportAll && !x.IsDeleted && !x.IsArchived {
				pl := importPlan(p, &x, links)
				plan.Created = append(plan.Created, PlanItem{XPMUUID: x.UUID, Client: x.Name, Outcome: TookXPM,
					Note: "would be created here with " + count(len(pl.Local.Client.Contacts), "contact")})
				plan.Invalid += len(pl.Issues)
			}
			return nil
		}
		lc, err := e.st.Client(ctx, id)
		if err != nil {
			return err
		}
		base, hb, err := e.st.BaselineTx(ctx, e.st.DB(), id)
		if err != nil {
			return err
		}
		pl := planLinked(p, lc, &x, base, hb, links)
		for _, f := range pl.Fields {
			plan.Changes = append(plan.Changes, PlanItem{ClientID: id, XPMUUID: x.UUID, Client: lc.Client.Name, Field: f.Label,
				Local: f.Local, XPM: f.XPM, Result: f.Result, Outcome: f.Outcome})
		}
		if pl.SetReview && pl.Review != "" {
			plan.Flags = append(plan.Flags, PlanItem{ClientID: id, XPMUUID: x.UUID, Client: lc.Client.Name, Note: reviewWords(pl.Review)})
		}
		plan.Invalid += len(pl.Issues)
		return nil
	})
	if err != nil {
		return plan, fmt.Errorf("preview: fetch clients: %w", err)
	}
	return plan, nil
}

func reviewWords(r string) string {
	switch r {
	case "conflict":
		return "changed in both places: would be flagged for review"
	case "deleted":
		return "deleted in XPM: would be flagged for review (kept here)"
	case "archived":
		return "archived in XPM: would be flagged for review"
	case "merged":
		return "possibly merged in XPM: would be flagged for review"
	}
	return r
}
