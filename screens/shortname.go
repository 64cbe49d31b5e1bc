package screens

// shortNameRunes is as much of a name as a dialog's title shows: a 300-character client name
// would stretch the dialog past the window and cut its own title off.
const shortNameRunes = 60

// shortName is a name as a dialog's title or question shows it (see oneLine).
func shortName(name string) string { return oneLine(name, shortNameRunes) }
