package syncer

import (
	"context"
	"fmt"
	"time"

	"xpmsync/core/model"
	"xpmsync/core/store"
	"xpmsync/core/words"
	"xpmsync/core/xpm"
)

// Preview works out what the next delta sync would do, without doing it. It costs one XPM
// call (the client list); nothing is written.
func (e *Engine) Preview(ctx context.Context) (Plan, error) {
	pv, err := e.startPreview(ctx)
	if err != nil {
		return pv.plan, err
	}
	err = e.api.ListClients(ctx, xpm.ListOptions{Detailed: true, ModifiedSince: pv.plan.Since}, func(x model.Client) error {
		pv.plan.Fetched++
		if id, isLinked := pv.linked[x.UUID]; isLinked {
			return e.previewLinked(ctx, pv, id, &x)
		}
		e.previewUnlinked(ctx, pv, &x)
		return nil
	})
	if err != nil {
		return pv.plan, fmt.Errorf("preview: fetch clients: %w", err)
	}
	return pv.plan, nil
}

// preview is a Preview in progress: the plan so far and what the rules need.
type preview struct {
	plan   Plan
	policy Policy
	links  store.StaffLinks
	linked map[string]int64
}

// startPreview reads the policy, the cursor (a delta, or a full sync when there is none), the
// staff links, the linked clients and the outbox.
func (e *Engine) startPreview(ctx context.Context) (*preview, error) {
	pv := &preview{plan: Plan{Kind: Delta}}
	var err error
	if pv.policy, err = LoadPolicy(ctx, e.st); err != nil {
		return &preview{}, err
	}
	cursor, err := e.st.State(ctx, e.st.DB(), cursorKey)
	if err != nil {
		return pv, err
	}
	if t, err := time.Parse(time.RFC3339Nano, cursor); err == nil {
		pv.plan.Since = t.Add(-e.opts.Overlap)
	} else {
		pv.plan.Kind = Full
	}
	if pv.links, err = e.st.StaffLinksTx(ctx, e.st.DB()); err != nil {
		return pv, err
	}
	if pv.linked, err = e.st.LinkedClientIDs(ctx); err != nil {
		return pv, err
	}
	if open, _, err := e.st.OutboxCounts(ctx); err == nil {
		pv.plan.OutboxDue = open
	}
	return pv, nil
}

// previewUnlinked notes an XPM client new to the mirror, and what import-all would create.
func (e *Engine) previewUnlinked(ctx context.Context, pv *preview, x *model.Client) {
	if _, err := e.st.XPMClientByUUID(ctx, x.UUID); err != nil && !x.IsDeleted {
		pv.plan.NewInXPM = append(pv.plan.NewInXPM, x.Name)
	}
	if pv.policy.ImportAll && !x.IsDeleted && !x.IsArchived {
		pl := importPlan(pv.policy, x, pv.links)
		pv.plan.Created = append(pv.plan.Created, PlanItem{XPMUUID: x.UUID, Client: x.Name, Outcome: TookXPM,
			Note: "would be created here with " + words.Count(len(pl.Local.Client.Contacts), "contact")})
		pv.plan.Invalid += len(pl.Issues)
	}
}

// previewLinked plans a linked client as the sync would and notes its changes and flags.
func (e *Engine) previewLinked(ctx context.Context, pv *preview, id int64, x *model.Client) error {
	lc, err := e.st.Client(ctx, id)
	if err != nil {
		return err
	}
	base, hb, err := e.st.BaselineTx(ctx, e.st.DB(), id)
	if err != nil {
		return err
	}
	pl := planLinked(pv.policy, lc, x, base, hb, pv.links)
	for _, f := range pl.Fields {
		pv.plan.Changes = append(pv.plan.Changes, PlanItem{ClientID: id, XPMUUID: x.UUID, Client: lc.Client.Name, Field: f.Label,
			Local: f.Local, XPM: f.XPM, Result: f.Result, Outcome: f.Outcome})
	}
	if pl.SetReview && pl.Review != "" {
		pv.plan.Flags = append(pv.plan.Flags, PlanItem{ClientID: id, XPMUUID: x.UUID, Client: lc.Client.Name, Note: reviewWords(pl.Review)})
	}
	pv.plan.Invalid += len(pl.Issues)
	return nil
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
