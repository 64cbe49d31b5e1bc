package health

import (
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Report is the result of one run of the checks.
type Report struct {
	Findings []Finding // worst check first, then by client name
	Clients  int       // clients checked
}

// Count is the number of findings of one check.
type Count struct {
	Check Check
	N     int
}

// Run applies every check to the records. It never fails: odd data is reported or ignored.
func Run(d *Data) Report {
	active := make([]int, 0, len(d.Records))
	for i := range d.Records {
		if !d.Records[i].Archived {
			active = append(active, i)
		}
	}
	// The checks read the records and write only their own part, so they run side by side on
	// every core; joining the parts in a fixed order keeps the result the same run to run.
	half := len(active) / 2
	parts := make([][]Finding, 4)
	tasks := []func() []Finding{
		func() []Finding { return perRecord(d, active[:half]) },
		func() []Finding { return perRecord(d, active[half:]) },
		func() []Finding { return duplicates(d, active) },
		func() []Finding { return contactDiffers(d, active) },
	}
	var wg sync.WaitGroup
	for i, task := range tasks {
		wg.Go(func() { parts[i] = task() })
	}
	wg.Wait()
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	out := make([]Finding, 0, n)
	for _, p := range parts {
		out = append(out, p...)
	}
	sortFindings(out)
	return Report{Findings: out, Clients: len(active)}
}

// perRecord runs the checks that look at one client at a time.
func perRecord(d *Data, idx []int) []Finding {
	var out []Finding
	for _, i := range idx {
		out = missing(d, i, out)
		out = malformed(d, i, out)
		out = inconsistent(d, i, out)
	}
	return out
}

func sortFindings(fs []Finding) {
	rank := map[string]int{}
	for i, c := range Checks {
		rank[c.ID] = -c.Weight*len(Checks) + i // heavier first, then the catalogue's order
	}
	type key struct {
		rank int
		name string
	}
	keys := make([]key, len(fs))
	perm := make([]int, len(fs))
	for i := range fs {
		keys[i], perm[i] = key{rank[fs[i].Check], strings.ToLower(firstName(&fs[i]))}, i
	}
	sort.SliceStable(perm, func(a, b int) bool {
		ka, kb := &keys[perm[a]], &keys[perm[b]]
		if ka.rank != kb.rank {
			return ka.rank < kb.rank
		}
		return ka.name < kb.name
	})
	sorted := make([]Finding, len(fs))
	for i, p := range perm {
		sorted[i] = fs[p]
	}
	copy(fs, sorted)
}

func firstName(f *Finding) string {
	if len(f.Clients) == 0 {
		return ""
	}
	return f.Clients[0].Name
}

// Counts sums findings per check, worst first: the most serious kind of problem leads, and of
// two equally serious the more common.
func Counts(fs []Finding) []Count {
	n := map[string]int{}
	for _, f := range fs {
		n[f.Check]++
	}
	var out []Count
	for _, c := range Checks {
		if n[c.ID] > 0 {
			out = append(out, Count{Check: c, N: n[c.ID]})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Check.Weight != out[j].Check.Weight {
			return out[i].Check.Weight > out[j].Check.Weight
		}
		return out[i].N > out[j].N
	})
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }
