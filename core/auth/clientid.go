package auth

import (
	"errors"
	"strings"
)

// WhereClientID says where a practice finds its Xero app's client ID.
const WhereClientID = "Find it in the Xero developer portal (developer.xero.com → My Apps → your app → Configuration): " +
	"the Client id, 32 letters and digits. The app must be of type Auth code with PKCE."

// CheckClientID refuses what cannot be a Xero client ID, so a blank or a pasted URL is never
// saved as one and only discovered at the next sign-in.
func CheckClientID(id string) error {
	id = strings.TrimSpace(id)
	switch {
	case id == "":
		return errors.New("the client ID is empty. " + WhereClientID)
	case len(id) < 16 || len(id) > 64 || strings.IndexFunc(id, notIDRune) >= 0:
		return errors.New("that does not look like a Xero client ID. " + WhereClientID)
	}
	return nil
}

func notIDRune(r rune) bool {
	return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-')
}
