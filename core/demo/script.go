package demo

import "time"

// step is one thing the practice (or XPM) does at a moment of the history.
type step struct {
	at   time.Duration // after the history starts
	what string        // the progress line's words
	do   func(*builder) error
}

const (
	hours   = time.Hour
	minutes = time.Minute
)

// script is the practice's last three days. Between steps the scheduler runs its hourly syncs
// and the nightly full resync, and applies the staff 24-hour rule.
var script = []step{
	{0, "connecting and bringing over the team", (*builder).firstSync},
	{20 * minutes, "adding team members", (*builder).addTeam},
	{90 * minutes, "entering the practice's own clients", (*builder).addLocalClients},
	{3*hours + 10*minutes, "choosing to import new XPM clients one by one", (*builder).importByHand},
	{5 * hours, "clients edited in XPM", func(b *builder) error { return b.editInXPM(6) }},
	{9 * hours, "new clients added in XPM", (*builder).newInXPM},
	{11 * hours, "importing one new XPM client", (*builder).importOne},
	{13*hours + 40*minutes, "a client edited here and in XPM at once", (*builder).conflict},
	{16 * hours, "contacts typed carelessly in XPM", (*builder).invalidContacts},
	{20 * hours, "entering a client XPM already has", (*builder).localDuplicate},
	{26 * hours, "clients merged and archived in XPM", (*builder).mergeAndArchive},
	{30 * hours, "clients edited in XPM", func(b *builder) error { return b.editInXPM(5) }},
	{31 * hours, "importing people and entities from XPM", (*builder).importItems},
	{39 * hours, "XPM stops answering for a while", (*builder).outage},
	{46 * hours, "clients edited in XPM", func(b *builder) error { return b.editInXPM(4) }},
	{52 * hours, "filling in emails Data health found missing", (*builder).fixHealth},
	{60 * hours, "clients edited in XPM", func(b *builder) error { return b.editInXPM(5) }},
	{67 * hours, "a new team member starts", (*builder).newcomer},
	{71*hours + 50*minutes, "a resync pressed by hand", (*builder).resyncNow},
	{71*hours + 55*minutes, "clients edited here since the last sync", (*builder).editHere},
}
