package importer

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"strings"
	"time"

	"xpmsync/core/auth"
	"xpmsync/core/model"
	"xpmsync/core/store"
	"xpmsync/core/xpm"
)

// RelationshipTypes are XPM's relationship types (API reference §2.9), offered by the import form.
var RelationshipTypes = []string{"Director", "Shareholder", "Trustee", "Beneficiary", "Partner", "Settlor",
	"Associate", "Secretary", "Public Officer", "Husband", "Wife", "Spouse", "Parent Of", "Child Of",
	"Appointer", "Member", "Auditor", "Owner"}

// Explain turns an import error into plain words with a way forward.
func Explain(err error) string {
	var rl *xpm.RateLimitError
	var netErr net.Error
	var inUse *EmailInUseError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &inUse):
		return inUse.Error()
	case errors.Is(err, ErrNotConnected):
		return capital(ErrNotConnected.Error()) + "."
	case errors.Is(err, ErrNotLinked):
		return capital(ErrNotLinked.Error()) + ", then import again."
	case errors.Is(err, context.Canceled):
		return "The import was cancelled; clients imported before that are kept."
	case errors.As(err, &rl):
		return "Xero's call limit for this practice is used up; import again after " + rl.Until.Local().Format("Mon 15:04") + "."
	case errors.Is(err, auth.ErrNotConnected), errors.Is(err, auth.ErrNeedsReconnect), errors.Is(err, xpm.ErrUnauthorized):
		return "Xero no longer accepts this app's sign-in. Reconnect on the Connection tab, then import again."
	case errors.Is(err, xpm.ErrForbidden):
		return "Xero refused access to this practice. Reconnect on the Connection tab, then import again."
	case errors.Is(err, xpm.ErrNotFound):
		return "XPM no longer has this client (deleted or merged there). Check the client on the Clients tab; nothing was changed."
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr), errors.Is(err, xpm.ErrUnavailable),
		errors.Is(err, xpm.ErrTruncated), errors.Is(err, xpm.ErrMalformed), errors.Is(err, xpm.ErrTooLarge):
		return "XPM did not answer properly, so nothing was changed. Check the internet connection and import again in a few minutes."
	}
	return "The import stopped and nothing was changed for this client: " + err.Error() + ". Try again; if it goes on, send the log to support."
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Relationship decodes a relationship item's XPM payload.
func Relationship(it store.ImportItem) (model.Relationship, error) {
	var r model.Relationship
	err := json.Unmarshal([]byte(it.Payload), &r)
	return r, err
}

// Contact decodes a contact item's XPM payload.
func Contact(it store.ImportItem) (model.Contact, error) {
	var c model.Contact
	err := json.Unmarshal([]byte(it.Payload), &c)
	return c, err
}

// Describe is the grey line under an item's name: what it is, with its shares, percentage and
// dates, or the contact's position and ways to reach them.
func Describe(it store.ImportItem) string {
	switch it.Kind {
	case store.ItemRelationship:
		r, err := Relationship(it)
		if err != nil {
			return it.Label
		}
		parts := []string{r.Type}
		if r.NumberOfShares != "" {
			parts = append(parts, r.NumberOfShares+" shares")
		}
		if r.Percentage != "" {
			parts = append(parts, strings.TrimSuffix(r.Percentage, "%")+"%")
		}
		switch {
		case r.StartDate != "" && r.EndDate != "":
			parts = append(parts, "from "+longDate(r.StartDate)+" to "+longDate(r.EndDate))
		case r.StartDate != "":
			parts = append(parts, "since "+longDate(r.StartDate))
		case r.EndDate != "":
			parts = append(parts, "until "+longDate(r.EndDate))
		}
		return strings.Join(parts, " · ")
	case store.ItemContact:
		c, err := Contact(it)
		if err != nil {
			return "Contact"
		}
		parts := []string{"Contact"}
		if c.Position != "" {
			parts[0] = "Contact · " + c.Position
		}
		for _, v := range []string{c.Email, c.Mobile, c.Phone} {
			if strings.TrimSpace(v) != "" {
				parts = append(parts, v)
			}
		}
		return strings.Join(parts, " · ")
	}
	return it.Label
}

func longDate(d string) string {
	t, err := time.Parse("2006-01-02", d)
	if err != nil {
		return d
	}
	return t.Format("2 Jan 2006")
}
