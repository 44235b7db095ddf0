// Package corpus generates synthetic Dossier sites of any size, valid in
// every respect, deterministically from a seed: the input of the benchmarks
// and of the scaling tests.
package corpus

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// Options size a corpus.
type Options struct {
	Articles int
	// StatementsPerArticle defaults to 3; Entities to Articles/10 (at
	// least 20); Tags to 40.
	StatementsPerArticle int
	Entities             int
	Tags                 int
	Seed                 uint64
}

func (o *Options) defaults() {
	if o.StatementsPerArticle == 0 {
		o.StatementsPerArticle = 3
	}
	if o.Entities == 0 {
		o.Entities = max(20, o.Articles/10)
	}
	if o.Tags == 0 {
		o.Tags = 40
	}
}

var words = strings.Fields(`bank data customer account card transaction privacy
platform messenger payment network regulator report spokesperson statement
financial service user consent security breach partnership talks fraud alert
balance company market engagement share price competitor app consumer advocate
lawmaker hearing policy disclosure audit compliance agreement negotiation offer
record ledger timeline source journalist outlet email interview filing event`)

var kinds = []string{"company", "bank", "outlet", "regulator", "organization", "person"}

var channels = []string{"email", "interview", "press-release", "social", "filing", "event", "report"}

var stances = []string{"denies", "confirms", "declines", "explains", "reassures", "criticizes", "reports"}

// Generate returns the files of a site, by slash-separated path.
func Generate(o Options) map[string][]byte {
	o.defaults()
	rng := rand.New(rand.NewPCG(o.Seed, 0x5eed))
	files := map[string][]byte{}
	add := func(p, text string) { files[p] = []byte(text) }
	sentence := func(n int) string {
		w := make([]string, n)
		for i := range w {
			w[i] = words[rng.IntN(len(words))]
		}
		s := strings.Join(w, " ")
		return strings.ToUpper(s[:1]) + s[1:]
	}

	add("content/site.yaml", "title: Synthetic Dossier\nbase_url: https://bench.example.org/\ndescription: A generated story for benchmarks.\nauthors: [Bench desk]\n")

	// Entities: every kind; persons speak for an organization; outlets are
	// every sixth entity.
	entityID := func(i int) string { return fmt.Sprintf("entity-%d", i) }
	kindOf := func(i int) string { return kinds[i%len(kinds)] }
	var orgs, outlets, persons []int
	for i := range o.Entities {
		switch kindOf(i) {
		case "outlet":
			outlets = append(outlets, i)
		case "person":
			persons = append(persons, i)
		default:
			orgs = append(orgs, i)
		}
	}
	for i := range o.Entities {
		var b strings.Builder
		fmt.Fprintf(&b, "name: %s %d\nkind: %s\naliases: [Alias %d]\n", strings.ToUpper(kindOf(i)[:1])+kindOf(i)[1:], i, kindOf(i), i)
		fmt.Fprintf(&b, "url: https://entity%d.example.com/\n", i)
		fmt.Fprintf(&b, "description: %s, linked to [[%s]].\n", sentence(12), entityID(orgs[rng.IntN(len(orgs))]))
		if kindOf(i) == "person" {
			fmt.Fprintf(&b, "org: %s\nrole: Spokesperson\n", entityID(orgs[rng.IntN(len(orgs))]))
		}
		add(fmt.Sprintf("content/entities/%s/%s.yaml", kindOf(i), entityID(i)), b.String())
	}

	tag := func() string { return fmt.Sprintf("tag-%d", rng.IntN(o.Tags)) }
	date := func(i int) string {
		// spread over years so lists and timelines have a real order
		day := i % 28
		month := (i / 28) % 12
		year := 2000 + (i/(28*12))%25
		return fmt.Sprintf("%04d-%02d-%02d", year, month+1, day+1)
	}
	statementID := func(a, k int) string { return fmt.Sprintf("statement-%d-%d", a, k) }

	for a := range o.Articles {
		for k := range o.StatementsPerArticle {
			var b strings.Builder
			fmt.Fprintf(&b, "org: %s\n", entityID(orgs[rng.IntN(len(orgs))]))
			if rng.IntN(2) == 0 {
				fmt.Fprintf(&b, "speaker: %s\n", entityID(persons[rng.IntN(len(persons))]))
			}
			fmt.Fprintf(&b, "date: %s\nchannel: %s\n", date(a), channels[rng.IntN(len(channels))])
			fmt.Fprintf(&b, "quote: >-\n  %s.\n  %s.\n", sentence(14), sentence(10))
			fmt.Fprintf(&b, "paraphrase: %v\nstance: %s\n", rng.IntN(5) == 0, stances[rng.IntN(len(stances))])
			fmt.Fprintf(&b, "about: [%s, %s]\ntopics: [%s]\n", entityID(orgs[rng.IntN(len(orgs))]), entityID(rng.IntN(o.Entities)), tag())
			fmt.Fprintf(&b, "reported_by:\n  - outlet: %s\n    url: https://news.example.com/%d/%d\n", entityID(outlets[rng.IntN(len(outlets))]), a, k)
			if k > 0 {
				fmt.Fprintf(&b, "responds_to: %s\n", statementID(a, 0))
			} else if a > 0 {
				fmt.Fprintf(&b, "responds_to: article-%d\n", a-1)
			}
			add(fmt.Sprintf("content/statements/%d/%s.yaml", a/1000, statementID(a, k)), b.String())
		}

		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: %s\ndate: %s\nsummary: %s.\nauthors: [Bench desk]\n", sentence(7), date(a), sentence(20))
		fmt.Fprintf(&b, "tags: [%s, %s]\nentities: [%s]\n", tag(), tag(), entityID(orgs[rng.IntN(len(orgs))]))
		fmt.Fprintf(&b, "sources:\n  - outlet: %s\n    title: %s\n    url: https://news.example.com/a/%d\n    date: %s\n", entityID(outlets[rng.IntN(len(outlets))]), sentence(6), a, date(a))
		b.WriteString("---\n")
		for section := range 4 {
			fmt.Fprintf(&b, "## %s\n\n", sentence(4))
			for p := range 3 {
				fmt.Fprintf(&b, "%s, said [[%s]]. %s *%s* and **%s**. %s [[%s|%s]].\n\n",
					sentence(18), entityID(rng.IntN(o.Entities)), sentence(16), sentence(3), sentence(2),
					sentence(15), entityID(rng.IntN(o.Entities)), sentence(2))
				if section == 1 && p == 1 {
					fmt.Fprintf(&b, "![[%s]]\n\n", statementID(a, rng.IntN(o.StatementsPerArticle)))
				}
			}
			if section == 2 {
				for range 4 {
					fmt.Fprintf(&b, "- %s [[%s]]\n", sentence(8), statementID(a, rng.IntN(o.StatementsPerArticle)))
				}
				b.WriteString("\n")
			}
		}
		if a > 0 {
			fmt.Fprintf(&b, "Earlier: [[article-%d]].\n", rng.IntN(a))
		}
		add(fmt.Sprintf("content/articles/%d/article-%d.md", a/1000, a), b.String())
	}
	add("content/pages/about.md", "---\ntitle: About\n---\nA generated site about [["+entityID(0)+"]].\n")
	return files
}

// Write writes a generated corpus under dir.
func Write(dir string, files map[string][]byte) error {
	for p, data := range files {
		target := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(target, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
