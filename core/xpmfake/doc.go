// Package xpmfake is a faithful, strict fake of Xero Practice Manager API v3.1 and of the
// Xero identity service (OAuth2 authorization code + PKCE, tokens, connections).
//
// It serves every Xero path on one address — /identity/connect/authorize, /connect/token,
// /connect/revocation, /connect/userinfo, /.well-known/openid-configuration, /connections and
// /practicemanager/3.1/... — so a single base-URL override points a client at it.
//
// Where the public contract is unknown the fake is strict (reference "lenient client, strict
// fake"), and the unknowns that have two plausible answers are switches in Quirks. Choices that
// are inferred rather than documented:
//   - relationship add/update/delete answer with <ClientRelationship><UUID/><Client/><RelatedClient/>
//     <RelationshipType><Name/></RelationshipType><NumberOfShares/><Percentage/><StartDate/><EndDate/>,
//     the camel-case-to-XML reading of the OAS ClientRelationshipResponseDto (addendum §4);
//     Quirks.RelationshipAsEmbedded answers with the embedded <Relationship> shape instead;
//   - the last paged-list/contacts page has no <Next> (Quirks.EmptyNextOnLastPage emits <Next />);
//   - modifiedsince is compared inclusively against a per-client UTC modified time, and archive,
//     delete and merge bump it while contact edits do not (each a Quirks switch);
//   - an unknown or deleted record in a write answers HTTP 200 with <Status>ERROR</Status>.
//
// Tests drive it three ways: seeded data (Config.Clients/Seed, deterministic per seed),
// test-data edits that behave like edits in XPM's UI (PutClient, EditClient, ArchiveClient,
// DeleteClient, MergeClients, PutStaff), and injected failures (SetFaults: latency, slow
// bodies, 5xx, 429 bursts, day limit, 409, truncated/malformed XML, expired tokens, revoked
// grants, removed connection). The movable Clock drives token lifetimes, modified times and
// rate windows. ControlHandler exposes the same knobs over HTTP for xpmsim --control.
//
// Records are stored as core/model types; the XML reader and writer are this package's own, so
// contract tests against core/xpm compare two independent readings of the reference.
package xpmfake
