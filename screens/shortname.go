package screens

// shortNameRunes is as much of a name as a dialog's title shows: a 300-character client name
// would stretch the dialog past the window and cut its own title off.
const shortNameRunes = 60

// shortName is name cut to shortNameRunes, with "…" where it was cut.
func shortName(name string) string {
	r := []rune(name)
	if len(r) <= shortNameRunes {
		return name
	}
	return string(r[:shortNameRunes-1]) + "…"
}
