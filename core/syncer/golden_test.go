package syncer

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"xpmsync/core/model"
)

var update = flag.Bool("update", false, "rewrite the golden transcripts in testdata/scenarios")

// TestGoldenScenarios runs the scripts in testdata/scenarios (rclone bisync style): each step
// changes XPM or the local side or runs a sync, and the transcript of what the engine did —
// results, events, history and both sides' final values — must match the .golden file, which
// a person reviews like any other change.
//
// Script lines:
//
//	policy <from|to> <everything|name|nothing> [importall]
//	xpm add <Name> [field=value ...] [contact=Name|email|mobile ...]
//	xpm edit <Name> field=value ...     (fields by model.ClientField key, e.g. Phone, Name)
//	xpm contact <Name> <i> email=… mobile=… name=…
//	xpm archive|delete <Name>
//	xpm merge <Loser> <Winner>
//	local edit <Name> field=value ...
//	import <Name>
//	sync <full|delta>
//	flush
//	show <Name> field ...
func TestGoldenScenarios(t *testing.T) {
	files, _ := filepath.Glob("testdata/scenarios/*.txt")
	if len(files) == 0 {
		t.Fatal("no scenarios")
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".txt")
		t.Run(name, func(t *testing.T) {
			got := runScript(t, f)
			golden := strings.TrimSuffix(f, ".txt") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("transcript differs from %s:\n%s", golden, lineDiff(got, string(want)))
			}
		})
	}
}

func lineDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\n got:  %s\n want: %s", i+1, a, b)
		}
	}
	return ""
}

// args splits `a b="c d" e` into words, keeping quoted values whole.
func args(line string) []string {
	var out []string
	var cur strings.Builder
	quoted := false
	for _, r := range line {
		switch {
		case r == '"':
			quoted = !quoted
		case r == ' ' && !quoted:
			if cur.Len() > 0 {
				out = append(out, cur.String())
				cur.Reset()
			}
		default:
			cur.WriteRune(r)
		}
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}

func runScript(t *testing.T, path string) string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := newRig(t, DefaultPolicy())
	r.eng.opts.NoAutoPush = true
	byName := map[string]string{} // client name as first added → XPM UUID
	var out strings.Builder
	seenEvents := 0
	logEvents := func() {
		r.mu.Lock()
		evs := r.evs[seenEvents:]
		seenEvents = len(r.evs)
		r.mu.Unlock()
		for _, e := range evs {
			if e.Kind == "sync_started" || e.Kind == "sync_finished" {
				continue
			}
			fmt.Fprintf(&out, "  event %s [%s] %s: %s\n", e.Kind, e.Result, e.ClientName, e.Details)
		}
	}
	setField := func(c *model.Client, kv string) {
		k, v, _ := strings.Cut(kv, "=")
		f, ok := model.FieldByKey(k)
		if !ok {
			t.Fatalf("unknown field %q", k)
		}
		f.Set(c, v)
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fmt.Fprintf(&out, "> %s\n", line)
		w := args(line)
		switch {
		case w[0] == "policy":
			p := Policy{DefaultCountryCode: "61"}
			if w[1] == "to" {
				p.Direction = ToXPM
			}
			p.Level = map[string]Level{"everything": Everything, "name": NameOnly, "nothing": Nothing}[w[2]]
			p.ImportAll = len(w) > 3 && w[3] == "importall"
			if err := SavePolicy(r.ctx, r.st, p); err != nil {
				t.Fatal(err)
			}
		case w[0] == "xpm" && w[1] == "add":
			c := model.Client{Name: w[2]}
			for _, kv := range w[3:] {
				if v, ok := strings.CutPrefix(kv, "contact="); ok {
					p := strings.Split(v, "|")
					for len(p) < 3 {
						p = append(p, "")
					}
					c.Contacts = append(c.Contacts, model.Contact{Name: p[0], Email: p[1], Mobile: p[2]})
					continue
				}
				setField(&c, kv)
			}
			r.api.put(c)
			byName[w[2]] = fmt.Sprintf("c-%04d", r.api.seq-len(c.Contacts))
		case w[0] == "xpm" && w[1] == "edit":
			r.api.edit(byName[w[2]], func(c *model.Client) {
				for _, kv := range w[3:] {
					setField(c, kv)
				}
			})
		case w[0] == "xpm" && w[1] == "contact":
			var i int
			fmt.Sscan(w[3], &i)
			r.api.edit(byName[w[2]], func(c *model.Client) {
				for _, kv := range w[4:] {
					k, v, _ := strings.Cut(kv, "=")
					for _, cf := range model.ContactFields {
						if strings.EqualFold(cf.Key, k) {
							cf.Set(&c.Contacts[i], v)
						}
					}
				}
			})
		case w[0] == "xpm" && w[1] == "archive":
			r.api.edit(byName[w[2]], func(c *model.Client) { c.IsArchived = true })
		case w[0] == "xpm" && w[1] == "delete":
			r.api.edit(byName[w[2]], func(c *model.Client) { c.IsDeleted = true })
		case w[0] == "xpm" && w[1] == "merge":
			loser := r.api.get(byName[w[2]])
			r.api.edit(byName[w[3]], func(c *model.Client) { c.Contacts = append(c.Contacts, loser.Contacts...) })
			r.api.edit(byName[w[2]], func(c *model.Client) { c.IsDeleted = true; c.Contacts = nil })
		case w[0] == "local" && w[1] == "edit":
			lc := r.local(byName[w[2]])
			for _, kv := range w[3:] {
				setField(&lc.Client, kv)
			}
			if err := r.eng.SaveLocalClient(r.ctx, &lc); err != nil {
				t.Fatal(err)
			}
			logEvents()
		case w[0] == "import":
			if _, err := r.eng.ImportClient(r.ctx, byName[w[1]]); err != nil {
				t.Fatal(err)
			}
			logEvents()
		case w[0] == "sync":
			kind := map[string]Kind{"full": Full, "delta": Delta}[w[1]]
			res := r.sync(kind)
			fmt.Fprintf(&out, "  result kind=%s clients=%d contacts=%d created=%d updated=%d pushed=%d conflicts=%d flagged=%d invalid=%d calls=%d\n",
				res.Kind, res.Clients, res.Contacts, res.Created, res.Updated, res.Pushed, res.Conflicts, res.Flagged, res.Invalid, res.APICalls)
			logEvents()
		case w[0] == "flush":
			n, err := r.eng.FlushOutbox(r.ctx)
			fmt.Fprintf(&out, "  sent %d, err %v\n", n, err)
			logEvents()
		case w[0] == "show":
			lc, err := r.st.ClientByXPMTx(r.ctx, r.st.DB(), byName[w[1]])
			x := r.api.get(byName[w[1]])
			if err != nil {
				fmt.Fprintf(&out, "  local: none\n")
			} else {
				fmt.Fprintf(&out, "  review %q\n", lc.Review)
				for _, k := range w[2:] {
					if k == "contacts" {
						fmt.Fprintf(&out, "  contacts local=%s xpm=%s\n", contactList(lc.Client.Contacts), contactList(x.Contacts))
						continue
					}
					f, _ := model.FieldByKey(k)
					fmt.Fprintf(&out, "  %s local=%q xpm=%q\n", k, f.Get(&lc.Client), f.Get(&x))
				}
				hist, _ := r.st.History(r.ctx, lc.ID)
				sort.Slice(hist, func(i, j int) bool { return hist[i].ID < hist[j].ID })
				for _, h := range hist {
					fmt.Fprintf(&out, "  history %s %s: %q -> %q\n", h.Source, h.Field, h.Old, h.New)
				}
			}
		default:
			t.Fatalf("unknown step %q", line)
		}
	}
	issues, _ := r.st.SyncIssues(r.ctx)
	for _, is := range issues {
		fmt.Fprintf(&out, "summary %s %q %s=%q: %s\n", is.Record, is.Name, is.Field, is.Value, is.Reason)
	}
	return out.String()
}

func contactList(cs []model.Contact) string {
	var parts []string
	for _, c := range cs {
		parts = append(parts, c.Name+"<"+c.Email+","+c.Mobile+">")
	}
	sort.Strings(parts)
	return "[" + strings.Join(parts, " ") + "]"
}
