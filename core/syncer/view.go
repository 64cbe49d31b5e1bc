package syncer

import (
	"xpmsync/core/model"
	"xpmsync/core/view"
)

// The sync settings, the plan and result of a sync, the errors a tab tells apart and the
// checks a form runs are declared in core/view, so screens name them without importing the
// engine; these aliases keep the engine's code and its callers as they were.
type (
	Direction         = view.Direction
	Level             = view.Level
	Outcome           = view.Outcome
	Policy            = view.Policy
	Kind              = view.Kind
	Result            = view.Result
	Plan              = view.Plan
	PlanItem          = view.PlanItem
	ThrottledError    = view.ThrottledError
	ChangedSinceError = view.ChangedSinceError
)

// Directions, levels and outcomes of the sync rules.
const (
	FromXPM = view.FromXPM
	ToXPM   = view.ToXPM

	Everything = view.Everything
	NameOnly   = view.NameOnly
	Nothing    = view.Nothing

	Unchanged     = view.Unchanged
	TookXPM       = view.TookXPM
	PushedLocal   = view.PushedLocal
	DirectionWins = view.DirectionWins
	NotSynced     = view.NotSynced
)

// Kinds of sync.
const (
	Delta = view.Delta
	Full  = view.Full
)

// ManualEvery is how often each manual resync button may be pressed (seed 002).
const ManualEvery = view.ManualEvery

// ErrThrottled matches any *ThrottledError with errors.Is.
var ErrThrottled = view.ErrThrottled

// DefaultPolicy is what a new installation starts with (see view.DefaultPolicy).
func DefaultPolicy() Policy { return view.DefaultPolicy() }

// ValidEmail reports whether s is one plain email address (see view.ValidEmail).
func ValidEmail(s string) bool { return view.ValidEmail(s) }

// NormalizeMobile turns a mobile number into international form (see view.NormalizeMobile).
func NormalizeMobile(s, countryCode string) (string, bool) {
	return view.NormalizeMobile(s, countryCode)
}

// ContactProblems checks a contact as the user types (see view.ContactProblems).
func ContactProblems(c model.Contact, countryCode string) (model.Contact, map[string]string) {
	return view.ContactProblems(c, countryCode)
}
