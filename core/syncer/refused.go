package syncer

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"xpmsync/core/model"
	"xpmsync/core/store"
)

// QueuedName is the name a queued change carries (a contact, relationship or client), for the
// words shown about it.
func QueuedName(payload string) string {
	var p struct {
		Name    string        `json:"name"`
		Contact model.Contact `json:"contact"`
		Client  model.Client  `json:"client"`
	}
	_ = json.Unmarshal([]byte(payload), &p)
	switch {
	case p.Name != "":
		return p.Name
	case p.Contact.Name != "":
		return p.Contact.Name
	}
	return p.Client.Name
}

var refusedWhat = map[string]string{
	opAddContact:    "the new contact %s",
	opUpdateContact: "the change to contact %s",
	opRemoveContact: "taking contact %s off the client",
	opAddRel:        "the relationship %s",
	opUpdateRel:     "the change to relationship %s",
	opDeleteRel:     "removing relationship %s",
	opAddClient:     "creating %s",
	opUpdateClient:  "the change to the client%s",
}

// xpmReason is XPM's own reason inside a recorded error ("xpm: POST client.api/contact: Contact
// name is required" → "Contact name is required").
func xpmReason(lastErr string) string {
	s := strings.TrimSpace(lastErr)
	if rest, ok := strings.CutPrefix(s, "xpm: "); ok {
		if _, after, ok := strings.Cut(rest, ": "); ok {
			s = after
		}
	}
	return strings.TrimSuffix(s, ".")
}

// RefusedWords says in plain words which change XPM did not take and why, and what to do.
func RefusedWords(op, name, lastErr string) string {
	what, ok := refusedWhat[op]
	if !ok {
		what = "a change%s"
		name = ""
	}
	if op == opUpdateClient {
		name = ""
	}
	subject := strings.TrimSpace(fmt.Sprintf(what, " "+name))
	subject = strings.ReplaceAll(subject, "  ", " ")
	return fmt.Sprintf("XPM did not take %s: %s. It is kept here; correct it and save it again.", subject, xpmReason(lastErr))
}

// refusedRows are the sync summary's rows for contacts and relationships XPM refused.
func refusedRows(ctx context.Context, st *store.Store) ([][]string, error) {
	items, err := st.OutboxAll(ctx)
	if err != nil {
		return nil, err
	}
	var out [][]string
	for _, it := range items {
		kind := peopleKind(it.Op)
		if it.State != store.OutboxFailed || kind == "" {
			continue
		}
		client := ""
		if lc, err := st.Client(ctx, it.ClientID); err == nil {
			client = lc.Client.Name
		}
		name := QueuedName(it.Payload)
		out = append(out, []string{kind, client, name, "", "", RefusedWords(it.Op, name, it.LastError), "",
			it.CreatedAt.UTC().Format("2006-01-02 15:04:05")})
	}
	return out, nil
}

func peopleKind(op string) string {
	switch op {
	case opAddContact, opUpdateContact, opRemoveContact:
		return "contact"
	case opAddRel, opUpdateRel, opDeleteRel:
		return "relationship"
	}
	return ""
}
