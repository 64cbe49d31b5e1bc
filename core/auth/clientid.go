package auth

import (
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
		return clientIDError("the client ID is empty. " + WhereClientID)
	case len(id) < 16 || len(id) > 64 || strings.IndexFunc(id, notIDRune) >= 0:
		return clientIDError("that does not look like a Xero client ID. " + WhereClientID)
	}
	return nil
}

// clientIDError is shown to the user as it is: whole sentences, with where to find an ID.
type clientIDError string

func (e clientIDError) Error() string { return string(e) }

func notIDRune(r rune) bool {
	return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-')
}
