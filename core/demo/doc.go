// Package demo builds the demo practice's history: a few days of a practice using XPM Sync,
// produced by driving the real engine (sync engine, scheduler, staff linking, client linking,
// import review) against the fake XPM while both clocks move over simulated days. Nothing is
// written into the database except by the engine itself, so the demo doubles as proof that the
// engine does what the screens say. It knows nothing of the UI.
package demo
