package build

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"github.com/dossier-news/dossier/generator/corpus"
	"github.com/dossier-news/dossier/generator/diag"
	"github.com/dossier-news/dossier/generator/render"
	"github.com/dossier-news/dossier/generator/site"
	"github.com/dossier-news/dossier/templates"
)

// incremental drives a Builder over an in-memory site the way watch mode
// does, keeping its own copy of the output.
type incremental struct {
	t       *testing.T
	fsys    fstest.MapFS
	b       *Builder
	out     map[string][]byte
	touched []string // outputs rendered by the last build
}

func newIncremental(t *testing.T, archive string) *incremental {
	inc := &incremental{t: t, fsys: siteFS(t, archive), b: NewBuilder(Options{Theme: templates.Default}), out: map[string][]byte{}}
	inc.build(nil)
	return inc
}

func (inc *incremental) build(changed []string) bool {
	inc.t.Helper()
	var mu sync.Mutex
	var touched []string
	rendered := map[string][]byte{}
	res, diags := inc.b.Build(inc.fsys, changed, func(o render.Output) error {
		mu.Lock()
		defer mu.Unlock()
		if _, twice := rendered[o.Path]; twice {
			inc.t.Errorf("%s rendered twice in one build", o.Path)
		}
		rendered[o.Path] = bytes.Clone(o.Data)
		touched = append(touched, o.Path)
		return nil
	})
	// outputs emitted are written at once in watch mode, even by a build
	// that fails later
	for p, data := range rendered {
		inc.out[p] = data
	}
	if diags.HasErrors() {
		return false
	}
	keep := map[string]bool{}
	for _, p := range res.Paths {
		keep[p] = true
	}
	for p := range inc.out {
		if !keep[p] {
			delete(inc.out, p)
		}
	}
	sort.Strings(touched)
	inc.touched = touched
	return true
}

func (inc *incremental) write(name, text string) {
	inc.fsys[name] = &fstest.MapFile{Data: []byte(text)}
	if !inc.build([]string{name}) {
		inc.t.Fatalf("build after writing %s failed", name)
	}
}

func (inc *incremental) remove(name string) {
	delete(inc.fsys, name)
	if !inc.build([]string{name}) {
		inc.t.Fatalf("build after removing %s failed", name)
	}
}

// assertSameAsFresh compares the incremental output with a fresh build of
// the same input, byte for byte.
func (inc *incremental) assertSameAsFresh(step string) {
	inc.t.Helper()
	fresh, diags := Build(inc.fsys, inc.b.opts)
	if diags.HasErrors() {
		inc.t.Fatalf("%s: fresh build failed: %v", step, diags)
	}
	for p, data := range fresh {
		if got, ok := inc.out[p]; !ok {
			inc.t.Errorf("%s: incremental output lacks %s", step, p)
		} else if string(got) != string(data) {
			inc.t.Errorf("%s: %s differs from a fresh build", step, p)
		}
	}
	for p := range inc.out {
		if _, ok := fresh[p]; !ok {
			inc.t.Errorf("%s: incremental output has stale %s", step, p)
		}
	}
}

func TestIncrementalRendersOnlyWhatChanged(t *testing.T) {
	inc := newIncremental(t, storySite)
	if !inc.build([]string{"content/articles/third.md"}) || len(inc.touched) != 0 {
		t.Errorf("a rebuild with nothing changed rendered %v", inc.touched)
	}

	// An article's body: its page, and whole-site outputs, not other pages.
	third := string(inc.fsys["content/articles/third.md"].Data)
	encoded := inc.b.memo.Encoded()
	inc.write("content/articles/third.md", strings.Replace(third, "Plain.", "Plain, edited.", 1))
	// The whole-site outputs re-encode one entry: the article's search
	// entry, which carries its text (its open-data record does not).
	if n := inc.b.memo.Encoded() - encoded; n != 1 {
		t.Errorf("body edit re-encoded %d whole-site entries, want 1", n)
	}
	for _, want := range []string{"articles/third/index.html", "search/index-1.js", "feed.xml"} {
		if !slices.Contains(inc.touched, want) {
			t.Errorf("body edit did not re-render %s", want)
		}
	}
	for _, unwanted := range []string{"articles/fb-asks/index.html", "statements/wf-obyrne/index.html", "entities/facebook/index.html", "articles/index.html", "sitemap.xml"} {
		if slices.Contains(inc.touched, unwanted) {
			t.Errorf("body edit re-rendered unrelated %s", unwanted)
		}
	}
	inc.assertSameAsFresh("body edit")

	// A statement: its page, its org's, speaker's, subject's and outlet's
	// pages, the article embedding it, the ledger and the timeline.
	st := string(inc.fsys["content/statements/wf-obyrne.yaml"].Data)
	inc.write("content/statements/wf-obyrne.yaml", strings.Replace(st, "stance: denies", "stance: rejects", 1))
	for _, want := range []string{"statements/wf-obyrne/index.html", "entities/wells-fargo/index.html", "entities/hilary-obyrne/index.html",
		"entities/facebook/index.html", "entities/wsj/index.html", "articles/fb-asks/index.html", "statements/index.html", "timeline/index.html"} {
		if !slices.Contains(inc.touched, want) {
			t.Errorf("statement edit did not re-render %s", want)
		}
	}
	for _, unwanted := range []string{"articles/third/index.html", "sitemap.xml"} {
		if slices.Contains(inc.touched, unwanted) {
			t.Errorf("statement edit re-rendered unrelated %s", unwanted)
		}
	}
	inc.assertSameAsFresh("statement edit")

	// A template: the pages using it.
	inc.write("templates/page.html", `{{define "main"}}<p>{{.Main.Title}}</p>{{end}}`)
	if !slices.Contains(inc.touched, "about/index.html") || slices.Contains(inc.touched, "articles/third/index.html") {
		t.Errorf("page template edit re-rendered %v", inc.touched)
	}
	inc.assertSameAsFresh("template edit")
}

// TestIncrementalMatchesFreshBuild applies random edit sequences and
// compares the incremental output with a fresh build after each edit.
func TestIncrementalMatchesFreshBuild(t *testing.T) {
	for seed := range uint64(10) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 42))
			inc := newIncremental(t, storySite)
			edits := []func() string{
				func() string { // rename an entity: every page showing its name changes
					n := rng.IntN(100)
					inc.write("content/entities/wells-fargo.yaml", fmt.Sprintf("name: Wells Fargo %d\nkind: bank\n", n))
					return "rename entity"
				},
				func() string { // a new statement about facebook
					id := fmt.Sprintf("new-%d", rng.IntN(5))
					inc.write("content/statements/"+id+".yaml", fmt.Sprintf("org: facebook\ndate: 2018-0%d\nquote: Quote %d\nabout: [wells-fargo]\ntopics: [t%d]\n", 1+rng.IntN(9), rng.IntN(9), rng.IntN(3)))
					return "add statement " + id
				},
				func() string { // remove a statement added before, if any
					for name := range inc.fsys {
						if strings.HasPrefix(name, "content/statements/new-") {
							inc.remove(name)
							return "remove " + name
						}
					}
					return "nothing to remove"
				},
				func() string { // change an article's date: list order changes
					inc.write("content/articles/third.md", fmt.Sprintf("---\ntitle: Third\ndate: 201%d-09\ntags: [privacy, t%d]\n---\nPlain [[facebook]].\n", rng.IntN(10), rng.IntN(3)))
					return "redate article"
				},
				func() string { // the most linked article moves in time, its date of update with it or not
					text := string(inc.fsys["content/articles/fb-asks.md"].Data)
					text = regexp.MustCompile(`(?m)^date: .*$`).ReplaceAllString(text, fmt.Sprintf("date: 201%d-0%d-1%d", 5+rng.IntN(5), 1+rng.IntN(9), rng.IntN(10)))
					updated := ""
					if rng.IntN(2) == 0 {
						updated = fmt.Sprintf("updated: 2020-0%d-01T10:00:00Z", 1+rng.IntN(9)) // after every date it may have
					}
					text = regexp.MustCompile(`(?m)^updated: .*$`).ReplaceAllString(text, updated)
					inc.write("content/articles/fb-asks.md", text)
					return "redate linked article"
				},
				func() string { // a new article embedding the statement
					id := fmt.Sprintf("art-%d", rng.IntN(4))
					inc.write("content/articles/"+id+".md", fmt.Sprintf("---\ntitle: Article %s\ndate: 2018-08-%02d\n---\n![[wf-obyrne]]\n", id, 1+rng.IntN(28)))
					return "add article " + id
				},
				func() string { // prose only, same references: the fast path
					text := string(inc.fsys["content/articles/fb-asks.md"].Data)
					inc.write("content/articles/fb-asks.md", text+fmt.Sprintf("\nMore prose %d.\n", rng.IntN(99)))
					return "prose edit"
				},
				func() string { // a statement's words only: the fast path
					text := string(inc.fsys["content/statements/wf-obyrne.yaml"].Data)
					lines := strings.Split(text, "\n")
					for i, l := range lines {
						if strings.HasPrefix(l, "quote: ") {
							lines[i] = fmt.Sprintf("quote: not actively engaging, take %d", rng.IntN(99))
						}
						if strings.HasPrefix(l, "channel: ") {
							lines[i] = "channel: " + []string{"email", "interview", "social"}[rng.IntN(3)]
						}
					}
					inc.write("content/statements/wf-obyrne.yaml", strings.Join(lines, "\n"))
					return "quote edit"
				},
				func() string { // prose and one reference fewer or more
					text := string(inc.fsys["content/articles/second.md"].Data)
					if strings.Contains(text, "[[wells-fargo]]") {
						text = strings.Replace(text, "[[wells-fargo]]", "the bank", 1)
					} else {
						text += "\nAlso [[wells-fargo]].\n"
					}
					inc.write("content/articles/second.md", text)
					return "reference edit"
				},
				func() string { // a page's title is in every page's navigation
					inc.write("content/pages/about.md", fmt.Sprintf("---\ntitle: About %d\n---\nWe follow [[facebook]] and [[wf-obyrne]].\n", rng.IntN(9)))
					return "retitle page"
				},
				func() string { // a speaker's name is in the title of their statements
					inc.write("content/entities/hilary-obyrne.yaml", fmt.Sprintf("name: Hilary O'Byrne %d\nkind: person\norg: wells-fargo\nrole: Spokeswoman\n", rng.IntN(9)))
					return "rename speaker"
				},
				func() string { // page_size changes pagination everywhere; the title is in every header and footer
					inc.write("content/site.yaml", fmt.Sprintf("title: Test Dossier %d\nbase_url: https://example.org/news/\npage_size: %d\n", rng.IntN(3), 1+rng.IntN(3)))
					return "site settings"
				},
			}
			for step := range 20 {
				what := edits[rng.IntN(len(edits))]()
				inc.assertSameAsFresh(fmt.Sprintf("step %d (%s)", step, what))
				if t.Failed() {
					return
				}
			}
		})
	}
}

// TestIncrementalLinkEditsMatchFreshBuild edits articles at random (links to
// entities, statements and articles, embeds, references taken away; titles,
// summaries, the entities and sources of the front matter) and statements
// (organization, speaker, subjects, outlet, what they respond to), and
// moves articles and statements in time (dates, dates of update), in a
// generated site with small pages, so that
// lists, timelines, their pagination and related articles all move; after
// each edit the output must be a fresh build's, and the graph must have
// been updated in place rather than linked again.
func TestIncrementalLinkEditsMatchFreshBuild(t *testing.T) {
	// pages of 3: timelines gain and lose pages; of 100: the jobs are kept
	for _, pageSize := range []int{3, 100} {
		t.Run(fmt.Sprint("page_size ", pageSize), func(t *testing.T) { linkEdits(t, pageSize) })
	}
}

func linkEdits(t *testing.T, pageSize int) {
	fsys := fstest.MapFS{}
	rng := rand.New(rand.NewPCG(7, 7))
	var articles, statements, entities, outlets, people, orgs []string
	for p, data := range corpus.Generate(corpus.Options{Articles: 40, Entities: 40, Tags: 5, Seed: 3}) {
		fsys[p] = &fstest.MapFile{Data: data}
		if strings.HasPrefix(p, "content/entities/") {
			entities = append(entities, p)
		}
		switch kind, id := path.Split(strings.TrimSuffix(p, path.Ext(p))); {
		case strings.HasPrefix(p, "content/articles/"):
			articles = append(articles, p)
		case strings.HasPrefix(p, "content/statements/"):
			statements = append(statements, p)
		case kind == "content/entities/outlet/":
			outlets = append(outlets, id)
			orgs = append(orgs, id)
		case kind == "content/entities/person/":
			people = append(people, id)
		case strings.HasPrefix(kind, "content/entities/"):
			orgs = append(orgs, id)
		}
	}
	for _, list := range [][]string{articles, statements, entities, outlets, people, orgs} {
		slices.Sort(list)
	}
	pick := func(list []string) string { return list[rng.IntN(len(list))] }
	idOf := func(file string) string { return strings.TrimSuffix(path.Base(file), path.Ext(file)) }
	frontLine := func(text, key, value string) string {
		re := regexp.MustCompile(`(?m)^` + key + `.*$`)
		return re.ReplaceAllLiteralString(text, key+value)
	}
	fsys["content/site.yaml"] = &fstest.MapFile{Data: []byte(fmt.Sprintf("title: Links\nbase_url: https://example.org/\npage_size: %d\n", pageSize))}
	// sitemaps of 40 pages: lists gaining or losing pages move pages from
	// one sitemap file to the next
	inc := &incremental{t: t, fsys: fsys, b: NewBuilder(Options{Theme: templates.Default, SitemapLimit: 40}), out: map[string][]byte{}}
	inc.build(nil)
	refRE := regexp.MustCompile(`!?\[\[[^\]]*\]\]`)
	for step := range 90 {
		p := articles[rng.IntN(len(articles))]
		text := string(inc.fsys[p].Data)
		var what string
		tag := func() string { return fmt.Sprintf("tag-%d", rng.IntN(5)) } // every one in use
		switch rng.IntN(21) {
		case 18, 19, 20: // a new date moves the article in every list; a date of update changes which entries feeds choose
			what = fmt.Sprintf("date 2000-%02d-%02d", 1+rng.IntN(3), 1+rng.IntN(28))
			text = frontLine(text, "date: ", what[len("date "):])
			text = regexp.MustCompile(`(?m)^updated: .*\n`).ReplaceAllString(text, "")
			if rng.IntN(2) == 0 {
				updated := fmt.Sprintf("updated: 2000-04-%02dT12:00:00Z", 1+rng.IntN(28))
				what += ", " + updated
				text = regexp.MustCompile(`(?m)^date: .*$`).ReplaceAllStringFunc(text, func(line string) string { return line + "\n" + updated })
			}
		case 16, 17: // an entity's words: its role, website, aliases, the prose of its description
			p = pick(entities)
			text = string(inc.fsys[p].Data)
			switch rng.IntN(5) {
			case 4: // a name shows wherever the entity is named, and moves it in the index and among its organization's people
				what = fmt.Sprintf("name %c%d", 'A'+rune(rng.IntN(26)), rng.IntN(99))
				text = frontLine(text, "name: ", what[len("name "):])
			case 0: // a person's role shows in the cards of their statements
				p = "content/entities/person/" + pick(people) + ".yaml"
				text = string(inc.fsys[p].Data)
				what = fmt.Sprintf("role Role %d", rng.IntN(99))
				text = frontLine(text, "role: ", what[len("role "):])
			case 1:
				what = fmt.Sprintf("url https://example.org/%d", rng.IntN(99))
				text = frontLine(text, "url: ", what[len("url "):])
			case 2:
				what = fmt.Sprintf("aliases [Alias %d]", rng.IntN(99))
				text = frontLine(text, "aliases: ", what[len("aliases "):])
			default:
				what = fmt.Sprintf("description words %d", rng.IntN(99))
				text = strings.Replace(text, "description: ", "description: Words "+what+", ", 1)
			}
		case 14: // tags move the article between tags' lists and change related articles
			what = "tags [" + tag() + ", " + tag() + "]"
			if rng.IntN(4) == 0 {
				what = "tags [" + tag() + "]"
			}
			text = frontLine(text, "tags: ", what[len("tags "):])
		case 9, 10, 11, 12, 13, 15: // a statement's links: who, about whom, reported by, answering, topics, stance
			p = pick(statements)
			text = string(inc.fsys[p].Data)
			switch rng.IntN(8) {
			case 7: // a new date moves it in every list
				what = fmt.Sprintf("date 2000-%02d-%02d", 1+rng.IntN(3), 1+rng.IntN(28))
				text = frontLine(text, "date: ", what[len("date "):])
			case 5:
				what = "topics [" + tag() + "]"
				if rng.IntN(3) == 0 {
					what = "topics [" + tag() + ", " + tag() + "]"
				}
				text = frontLine(text, "topics: ", what[len("topics "):])
			case 6:
				// a stance no other statement takes changes the list of stances
				what = "stance " + []string{"denies", "confirms", "ponders"}[rng.IntN(3)]
				text = frontLine(text, "stance: ", what[len("stance "):])
			case 0:
				what = "org " + pick(orgs)
				text = frontLine(text, "org: ", what[len("org "):])
			case 1:
				text = regexp.MustCompile(`(?m)^speaker: .*\n`).ReplaceAllString(text, "")
				what = "no speaker"
				if rng.IntN(3) > 0 {
					what = "speaker " + pick(people)
					text = strings.Replace(text, "\ndate: ", "\nspeaker: "+what[len("speaker "):]+"\ndate: ", 1)
				}
			case 2:
				what = "about [" + pick(orgs) + ", " + pick(people) + "]"
				text = frontLine(text, "about: ", what[len("about "):])
			case 3:
				what = "reported by " + pick(outlets)
				text = frontLine(text, "  - outlet: ", what[len("reported by "):])
			default:
				text = regexp.MustCompile(`(?m)^responds_to: .*\n?`).ReplaceAllString(text, "")
				what = "responds to nothing"
				if target := idOf(pick(slices.Concat(statements, articles))); target != idOf(p) {
					what = "responds to " + target
					text = strings.TrimRight(text, "\n") + "\nresponds_to: " + target + "\n"
				}
			}
		case 5: // the title is in every list showing the article
			what = fmt.Sprintf("title %d", rng.IntN(99))
			text = frontLine(text, "title: ", "Retitled "+what)
		case 6:
			what = fmt.Sprintf("summary %d", rng.IntN(99))
			text = frontLine(text, "summary: ", "Summary "+what+".")
			if rng.IntN(2) == 0 { // feeds show the authors
				what += fmt.Sprintf(", authors [Desk %d]", rng.IntN(9))
				text = frontLine(text, "authors: ", what[strings.Index(what, "[")-len(""):])
			}
		case 7: // front matter's entities are mentions too
			what = fmt.Sprintf("entities [entity-%d]", rng.IntN(40))
			if rng.IntN(3) == 0 {
				what = "entities []"
			}
			text = frontLine(text, "entities: ", what[len("entities "):])
		case 8:
			what = "source outlet " + outlets[rng.IntN(len(outlets))]
			text = frontLine(text, "  - outlet: ", what[len("source outlet "):])
		case 0:
			what = fmt.Sprintf("link entity-%d", rng.IntN(40))
			text += "\nSee [[" + what[5:] + "]].\n"
		case 1:
			what = fmt.Sprintf("embed statement-%d-%d", rng.IntN(40), rng.IntN(3))
			text += "\n![[" + what[6:] + "]]\n"
		case 2:
			what = fmt.Sprintf("link article-%d", rng.IntN(40))
			text += "\nAlso [[" + what[5:] + "]].\n"
		default:
			refs := refRE.FindAllStringIndex(text, -1)
			if len(refs) == 0 {
				continue
			}
			r := refs[rng.IntN(len(refs))]
			what = "unlink " + text[r[0]:r[1]]
			text = text[:r[0]] + "it" + text[r[1]:]
		}
		graph := inc.b.graph
		inc.write(p, text)
		label := fmt.Sprintf("step %d (%s in %s)", step, what, p)
		if inc.b.graph != graph {
			t.Errorf("%s: linked the whole site again", label)
		}
		inc.assertSameAsFresh(label)
		if t.Failed() {
			return
		}
	}
}

// Editors save through temporary files, and one batch may hold several
// edits: the fast path that updates the graph in place still applies when
// every file the batch touched is a prose or quote edit, and a batch with
// any other edit relinks the site.
func TestIncrementalFastPathTakesBatches(t *testing.T) {
	inc := newIncremental(t, storySite)
	graph := inc.b.graph
	fb := "content/articles/fb-asks.md"
	third := "content/articles/third.md"
	st := "content/statements/wf-obyrne.yaml"
	inc.fsys[fb] = &fstest.MapFile{Data: append(inc.fsys[fb].Data, "\nMore prose.\n"...)}
	inc.fsys[third] = &fstest.MapFile{Data: []byte(strings.Replace(string(inc.fsys[third].Data), "Plain.", "Plain, edited.", 1))}
	quote := regexp.MustCompile(`(?m)^quote: .*$`)
	inc.fsys[st] = &fstest.MapFile{Data: quote.ReplaceAll(inc.fsys[st].Data, []byte("quote: not actively engaging, edited"))}
	// vim's swap file and sed's temporary file, gone by the time of the build
	batch := []string{fb, "content/articles/.fb-asks.md.swp", third, "content/statements/sedQx81Za", st}
	if !inc.build(batch) {
		t.Fatal("build failed")
	}
	if inc.b.graph != graph {
		t.Error("a batch of prose and quote edits relinked the whole site")
	}
	for _, want := range []string{"articles/fb-asks/index.html", "articles/third/index.html", "statements/wf-obyrne/index.html"} {
		if !slices.Contains(inc.touched, want) {
			t.Errorf("batch did not re-render %s", want)
		}
	}
	inc.assertSameAsFresh("batch of prose and quote edits")

	// one edit of the batch changes an article's date: it moves in its
	// lists, in place
	inc.fsys[fb] = &fstest.MapFile{Data: append(inc.fsys[fb].Data, "\nEven more.\n"...)}
	inc.fsys[third] = &fstest.MapFile{Data: []byte(strings.Replace(string(inc.fsys[third].Data), "date: 2018-09", "date: 2017-01", 1))}
	if !inc.build([]string{fb, third}) {
		t.Fatal("build failed")
	}
	if inc.b.graph != graph {
		t.Error("a batch with an article's date edit relinked the whole site")
	}
	inc.assertSameAsFresh("batch with an article's date edit")

	// and a statement's
	date := regexp.MustCompile(`(?m)^date: .*$`)
	inc.fsys[fb] = &fstest.MapFile{Data: append(inc.fsys[fb].Data, "\nAnd more.\n"...)}
	inc.fsys[st] = &fstest.MapFile{Data: date.ReplaceAll(inc.fsys[st].Data, []byte("date: 2016-05-04"))}
	if !inc.build([]string{fb, st}) {
		t.Fatal("build failed")
	}
	if inc.b.graph != graph {
		t.Error("a batch with a statement's date edit relinked the whole site")
	}
	inc.assertSameAsFresh("batch with a statement's date edit")

	// and an entity's new kind
	wf := "content/entities/wells-fargo.yaml"
	inc.fsys[fb] = &fstest.MapFile{Data: append(inc.fsys[fb].Data, "\nStill more.\n"...)}
	inc.fsys[wf] = &fstest.MapFile{Data: regexp.MustCompile(`(?m)^kind: .*$`).ReplaceAll(inc.fsys[wf].Data, []byte("kind: company"))}
	if !inc.build([]string{fb, wf}) {
		t.Fatal("build failed")
	}
	if inc.b.graph != graph {
		t.Error("a batch with an entity's new kind relinked the whole site")
	}
	inc.assertSameAsFresh("batch with an entity's new kind")

	// a new standalone page is not an edit the graph takes in place
	page := "content/pages/method.md"
	inc.fsys[fb] = &fstest.MapFile{Data: append(inc.fsys[fb].Data, "\nYet more.\n"...)}
	inc.fsys[page] = &fstest.MapFile{Data: []byte("---\ntitle: Method\n---\nHow we work.\n")}
	if !inc.build([]string{fb, page}) {
		t.Fatal("build failed")
	}
	if inc.b.graph == graph {
		t.Error("a batch with a new page kept the graph")
	}
	inc.assertSameAsFresh("batch with a new page")
}

func TestIncrementalKeepsStateAfterErrors(t *testing.T) {
	inc := newIncremental(t, storySite)
	inc.fsys["content/articles/third.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Third\ndate: 2018-09\n---\n[[nobody]]\n")}
	if inc.build([]string{"content/articles/third.md"}) {
		t.Fatal("a broken reference built")
	}
	inc.write("content/articles/third.md", "---\ntitle: Third fixed\ndate: 2018-09\n---\n[[facebook]]\n")
	inc.assertSameAsFresh("after fixing")
}

// folderSite is the story with an article in a folder of its own.
const folderSite = storySite + `
-- content/articles/old/gone.md --
---
title: Soon gone
date: 2018-07
tags: [privacy]
---
About [[facebook]].
`

func TestIncrementalFolderRemoved(t *testing.T) {
	inc := newIncremental(t, folderSite)
	if _, ok := inc.out["articles/gone/index.html"]; !ok {
		t.Fatal("article in a sub-folder not built")
	}
	// moving a folder away is one event, for the folder
	delete(inc.fsys, "content/articles/old/gone.md")
	if !inc.build([]string{"content/articles/old"}) {
		t.Fatal("build failed")
	}
	if _, ok := inc.out["articles/gone/index.html"]; ok {
		t.Error("the removed folder's article is still built")
	}
	inc.assertSameAsFresh("folder removed")
}

// A folder removed and made again with other files, or moved in, before
// the batch was taken is named alone: the batch's build finds what it holds
// now, hidden folders in it left out.
func TestIncrementalFolderMadeAgain(t *testing.T) {
	inc := newIncremental(t, folderSite)
	inc.write("content/articles/old/stays.md", "---\ntitle: Stays\ndate: 2018-07\ntags: [privacy]\n---\nAbout [[facebook]].\n")
	delete(inc.fsys, "content/articles/old/gone.md")
	inc.fsys["content/articles/old/stays.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Stays, edited\ndate: 2018-07\ntags: [privacy]\n---\nAbout [[facebook]].\n")}
	inc.fsys["content/articles/old/deeper/came.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Came\ndate: 2018-08\ntags: [privacy]\n---\nAbout [[facebook]].\n")}
	inc.fsys["content/articles/old/.hidden/not.md"] = &fstest.MapFile{Data: []byte("not front matter at all")}
	if !inc.build([]string{"content/articles/old"}) {
		t.Fatal("build failed")
	}
	for p, want := range map[string]bool{"articles/gone/index.html": false, "articles/came/index.html": true, "articles/not/index.html": false} {
		if _, ok := inc.out[p]; ok != want {
			t.Errorf("%s built: %v, want %v", p, ok, want)
		}
	}
	inc.assertSameAsFresh("folder made again")

	// a file, and a folder of its name in its place
	delete(inc.fsys, "content/articles/old/stays.md")
	inc.fsys["content/articles/old/stays.md/inside.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Inside\ndate: 2018-08\ntags: [privacy]\n---\nAbout [[facebook]].\n")}
	if !inc.build([]string{"content/articles/old/stays.md"}) {
		t.Fatal("build failed")
	}
	inc.assertSameAsFresh("a file made a folder")
}

// A folder that is a symbolic link is not followed, by a batch naming it
// as by a full build (which warns of it): its documents are not the site's.
func TestIncrementalSymlinkedFolder(t *testing.T) {
	root := t.TempDir()
	for p, text := range map[string]string{
		"content/site.yaml":          "title: T\n",
		"content/entities/acme.yaml": "name: Acme\nkind: company\n",
		"content/articles/a.md":      "---\ntitle: A\ndate: 2018-01-01\n---\nAbout [[acme]].\n",
		"elsewhere/b.md":             "---\ntitle: B\ndate: 2018-01-02\n---\nAlso [[acme]].\n",
	} {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fsys := os.DirFS(root)
	b := NewBuilder(Options{Theme: templates.Default})
	out := map[string][]byte{}
	var mu sync.Mutex
	emit := func(o render.Output) error { // called by every render worker
		mu.Lock()
		defer mu.Unlock()
		out[o.Path] = bytes.Clone(o.Data)
		return nil
	}
	if _, diags := b.Build(fsys, nil, emit); diags.HasErrors() {
		t.Fatal(formatDiags(diags))
	}
	if err := os.Symlink(filepath.Join(root, "elsewhere"), filepath.Join(root, "content/articles/linked")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	res, diags := b.Build(fsys, []string{"content/articles/linked"}, emit)
	if diags.HasErrors() {
		t.Fatal(formatDiags(diags))
	}
	fresh, _ := Build(fsys, Options{Theme: templates.Default})
	if _, ok := fresh["articles/b/index.html"]; ok {
		t.Fatal("a full build followed the link: the test expects it not to")
	}
	if _, ok := out["articles/b/index.html"]; ok || len(res.Paths) != len(fresh) {
		t.Errorf("the batch naming the link built %d outputs (articles/b: %v), a full build %d", len(res.Paths), ok, len(fresh))
	}
	// and a file in it, named
	res, diags = b.Build(fsys, []string{"content/articles/linked/b.md"}, emit)
	if diags.HasErrors() {
		t.Fatal(formatDiags(diags))
	}
	if _, ok := out["articles/b/index.html"]; ok || len(res.Paths) != len(fresh) {
		t.Errorf("the batch naming a file in the link built %d outputs (articles/b: %v), a full build %d", len(res.Paths), ok, len(fresh))
	}
}

func TestIncrementalRecoversFromRenderErrors(t *testing.T) {
	inc := newIncremental(t, storySite)
	good, _ := templates.Default.ReadFile("article.html")
	// fails at run time, on pages with corrections only: others render first
	inc.fsys["templates/article.html"] = &fstest.MapFile{Data: []byte(strings.Replace(string(good), "{{define \"main\"}}", "{{define \"main\"}}{{if .Main.Corrections}}{{.Main.NoSuchField}}{{end}}<p>broken theme</p>", 1))}
	if inc.build([]string{"templates/article.html"}) {
		t.Fatal("a template error built")
	}
	inc.fsys["templates/article.html"] = &fstest.MapFile{Data: good}
	if !inc.build([]string{"templates/article.html"}) {
		t.Fatal("build after the fix failed")
	}
	inc.assertSameAsFresh("after a render error")
}

func TestIncrementalKeepsReportingErrors(t *testing.T) {
	inc := newIncremental(t, storySite)
	inc.fsys["content/articles/third.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Third\ndate: 2018-09\n---\n[[nobody]]\n")}
	if inc.build([]string{"content/articles/third.md"}) {
		t.Fatal("a broken reference built")
	}
	// saving another file unchanged, or the broken one again, must not
	// hide the error behind the last good graph
	for _, p := range []string{"content/articles/second.md", "content/articles/third.md"} {
		if inc.build([]string{p}) {
			t.Errorf("after saving %s, the broken site built", p)
		}
	}
}

// TestDependentsIndexStaysBounded edits the same article and statement again
// and again, as a long watch session does: the index from keys to the
// outputs that read them must not grow with each rebuild.
func TestDependentsIndexStaysBounded(t *testing.T) {
	inc := newIncremental(t, storySite)
	size := func() int {
		n := 0
		for _, outputs := range inc.b.dependents {
			n += len(outputs)
		}
		return n
	}
	article := string(inc.fsys["content/articles/fb-asks.md"].Data)
	edit := func(i int) {
		inc.write("content/articles/fb-asks.md", article+fmt.Sprintf("\nMore prose %d.\n", i))
		inc.write("content/site.yaml", fmt.Sprintf("title: Test Dossier %d\nbase_url: https://example.org/news/\n", i%2))
	}
	edit(0)
	first := size()
	for i := 1; i <= 5; i++ {
		edit(i)
	}
	if got := size(); got != first {
		t.Errorf("the index of dependents grew from %d to %d entries over five rounds of the same edits", first, got)
	}
}

// Front matter changes in place: tags, topics and stances, a tag new to the
// site or left without documents included (the site gains or loses its
// pages), and what lists and feeds show of an article (its item key) apart
// from what only its page shows.
func TestIncrementalFrontMatterEdits(t *testing.T) {
	checkOneEdits(t, []oneEdit{
		{"an article joins a tag", "content/articles/second.md", "tags: [privacy]", "tags: [privacy, banking]", true},
		{"an article leaves a tag others keep", "content/articles/third.md", "tags: [privacy]", "tags: [banking]", true},
		{"an article empties a tag", "content/articles/fb-asks.md", "tags: [privacy, banking]", "tags: [privacy, data-sharing]", true},
		{"an article takes a new tag", "content/articles/third.md", "tags: [privacy]", "tags: [privacy, fresh]", true},
		{"an article takes a new tag, first by name", "content/articles/third.md", "tags: [privacy]", "tags: [privacy, aardvark]", true},
		{"an article swaps its only tag for a new one", "content/articles/second.md", "tags: [privacy]", "tags: [zebra]", true},
		{"a statement's topic joins an article tag", "content/statements/wf-obyrne.yaml", "topics: [data-sharing]", "topics: [data-sharing, privacy]", true},
		{"a statement empties a topic", "content/statements/wf-obyrne.yaml", "topics: [data-sharing]", "topics: [privacy]", true},
		{"a statement takes a new topic", "content/statements/wf-obyrne.yaml", "topics: [data-sharing]", "topics: [data-sharing, new-topic]", true},
		{"a statement's stance", "content/statements/wf-obyrne.yaml", "stance: denies", "stance: declines", true},
		// what lists, links and feeds show of an article
		{"an article's authors", "content/articles/fb-asks.md", "summary: ", "authors: [Jane Roe]\nsummary: ", true},
		{"an article's summary", "content/articles/fb-asks.md", "summary: The", "summary: Then the", true},
		{"an article's sources", "content/articles/fb-asks.md", "title: A report", "title: A longer report", true},
	})
}

// An entity's timeline page, one page long, follows what comes into the
// timeline, goes out of it and moves within it, in place: the page's items
// change but not the number of pages, so only the timeline's key, which
// versions its pages again, tells it.
func TestIncrementalTimelineFollowsItsEntity(t *testing.T) {
	inc := newIncremental(t, strings.Replace(storySite, "page_size: 2\n", "page_size: 50\n", 1))
	graph := inc.b.graph
	const page = "entities/facebook/timeline/index.html"
	third := "content/articles/third.md"
	original := string(inc.fsys[third].Data)
	for _, step := range []struct{ name, text string }{
		{"third comes in", strings.Replace(original, "Plain.", "Plain, about [[facebook]].", 1)},
		{"third moves first", strings.Replace(strings.Replace(original, "Plain.", "Plain, about [[facebook]].", 1), "date: 2018-09", "date: 2017-01", 1)},
		{"third goes out", original},
	} {
		before := string(inc.out[page])
		inc.write(third, step.text)
		if inc.b.graph != graph {
			t.Fatalf("%s: linked the whole site again", step.name)
		}
		inc.assertSameAsFresh(step.name)
		if string(inc.out[page]) == before {
			t.Errorf("%s: the timeline page stayed as it was", step.name)
		}
	}
}

// A list that gains a page and loses it again, over and over: only that
// page's job comes and goes, and the page is written again each time it
// comes back, although the list is then as it was when the page was last
// rendered.
func TestIncrementalPageComesAndGoes(t *testing.T) {
	inc := newIncremental(t, strings.Replace(storySite, "page_size: 2\n", "page_size: 1\n", 1))
	graph := inc.b.graph
	third := "content/articles/third.md"
	original := string(inc.fsys[third].Data)
	for step := range 4 {
		text := original
		if step%2 == 0 {
			// banking, with one article, gets a second page
			text = strings.Replace(text, "tags: [privacy]", "tags: [privacy, banking]", 1)
		}
		inc.write(third, text)
		if inc.b.graph != graph {
			t.Fatalf("step %d: linked the whole site again", step)
		}
		inc.assertSameAsFresh(fmt.Sprint("step ", step))
		if has := slices.Contains(inc.b.paths, "tags/banking/page/2/index.html"); has != (step%2 == 0) {
			t.Errorf("step %d: second page of banking listed: %v", step, has)
		}
	}
}

// A batch in which every document with a tag leaves it: checked one by one,
// each would see the others keep the tag; applied one after the other, the
// last leaves the tag empty, and it leaves the site, in place.
func TestIncrementalBatchEmptiesTag(t *testing.T) {
	inc := newIncremental(t, storySite)
	graph := inc.b.graph
	var batch []string
	for p, tags := range map[string]string{"content/articles/fb-asks.md": "tags: [privacy, banking]", "content/articles/second.md": "tags: [privacy]", "content/articles/third.md": "tags: [privacy]"} {
		text := string(inc.fsys[p].Data)
		if !strings.Contains(text, tags) {
			t.Fatalf("%s has no %q", p, tags)
		}
		inc.fsys[p] = &fstest.MapFile{Data: []byte(strings.Replace(text, tags, "tags: [banking]", 1))}
		batch = append(batch, p)
	}
	if !inc.build(batch) {
		t.Fatal("build failed")
	}
	if inc.b.graph != graph {
		t.Error("a batch that empties a tag linked the whole site again")
	}
	if slices.Contains(inc.b.paths, "tags/privacy/index.html") {
		t.Error("the emptied tag's page is still an output")
	}
	inc.assertSameAsFresh("every article leaves privacy")
}

// An entity's words (role, website, aliases, the prose of its description)
// change in place; its name, kind, organization or the references of its
// description link the whole site again.
func TestIncrementalEntityEdits(t *testing.T) {
	checkOneEdits(t, []oneEdit{
		{"a person's role", "content/entities/hilary-obyrne.yaml", "role: Spokeswoman", "role: Head of communications", true},
		{"aliases", "content/entities/wells-fargo.yaml", "aliases: [Wells]", "aliases: [Wells, WFC]", true},
		{"a website", "content/entities/wsj.yaml", "kind: outlet", "kind: outlet\nurl: https://www.wsj.com/", true},
		{"the prose of a description", "content/entities/facebook.yaml", "Social network;", "The social network;", true},
		{"a description's reference", "content/entities/facebook.yaml", "[[wells-fargo]]", "[[wsj]]", true},
		{"a description's references, more", "content/entities/facebook.yaml", "see [[wells-fargo]]", "see [[wells-fargo]], [[fb-asks|the letter]], [[facebook]] and [[hilary-obyrne]]", true},
		{"a description's reference gone", "content/entities/facebook.yaml", "; see [[wells-fargo]]", "", true},
		{"a description embedding a statement", "content/entities/facebook.yaml", "description: Social network; see [[wells-fargo]].", "description: |\n  Social network.\n\n  ![[wf-obyrne]]\n", true},
		{"a person's description naming their organization", "content/entities/hilary-obyrne.yaml", "kind: person", "kind: person\ndescription: Speaks for [[wells-fargo]].", true},
		{"a name", "content/entities/wells-fargo.yaml", "name: Wells Fargo", "name: Wells Fargo & Co", true},
		{"a name that moves it in the index", "content/entities/wells-fargo.yaml", "name: Wells Fargo", "name: A Bank Called Wells", true},
		{"a person's name, among the organization's people", "content/entities/hilary-obyrne.yaml", "name: Hilary O'Byrne", "name: Aaron Byrne", true},
		{"a kind", "content/entities/facebook.yaml", "kind: company", "kind: organization", true},
		{"a kind: the organization of statements and people becomes a regulator", "content/entities/wells-fargo.yaml", "kind: bank", "kind: regulator", true},
		{"a person's organization", "content/entities/hilary-obyrne.yaml", "org: wells-fargo", "org: facebook", true},
		{"a person's organization gone", "content/entities/hilary-obyrne.yaml", "org: wells-fargo\n", "", true},
		{"an organization and a description naming it", "content/entities/hilary-obyrne.yaml", "org: wells-fargo", "org: facebook\ndescription: Once at [[wells-fargo]], now at [[facebook]].", true},
	})
}

// oneEdit replaces from with to in one file of the story site; inPlace says
// whether the graph should be updated in place.
type oneEdit struct {
	name, file, from, to string
	inPlace              bool
}

// checkOneEdits makes each edit on a story site of its own, and checks how
// the graph was updated and that the output equals a fresh build's.
func checkOneEdits(t *testing.T, edits []oneEdit) {
	for _, tc := range edits {
		t.Run(tc.name, func(t *testing.T) {
			inc := newIncremental(t, storySite)
			graph := inc.b.graph
			text := string(inc.fsys[tc.file].Data)
			if !strings.Contains(text, tc.from) {
				t.Fatalf("%s has no %q", tc.file, tc.from)
			}
			inc.write(tc.file, strings.Replace(text, tc.from, tc.to, 1))
			if inPlace := inc.b.graph == graph; inPlace != tc.inPlace {
				t.Errorf("graph updated in place: %v, want %v", inPlace, tc.inPlace)
			}
			inc.assertSameAsFresh(tc.name)
		})
	}
}

// touchedMonths lists the months of the dated lists whose pages the last
// build wrote: "articles/2000/03/", "timeline/1999/12/".
func (inc *incremental) touchedMonths() []string {
	var months []string
	for _, p := range inc.touched {
		if m := monthPage.FindString(p); m != "" && !slices.Contains(months, m) {
			months = append(months, m)
		}
	}
	slices.Sort(months)
	return months
}

// An article's new date moves it from a month of the dated lists to
// another, in place: the pages of those months and the lists' first pages
// (which count each month's items) are made again, no page of another
// month. 200 articles, 28 a month from January 2000, each with statements
// of its date.
func TestIncrementalDateEditRendersItsMonths(t *testing.T) {
	inc := newGenerated(t, corpus.Options{Articles: 200, Entities: 40, Tags: 5, Seed: 3}, "title: Dates\nbase_url: https://example.org/\npage_size: 3\n", Options{Theme: templates.Default})
	steps := []struct {
		what, article, date string
		months              []string
	}{
		{"a date in another month", "article-5", "2000-03-15",
			[]string{"articles/2000/01/", "articles/2000/03/", "timeline/2000/01/", "timeline/2000/03/"}},
		// the oldest of February becomes the newest of January: its place
		// in both lists stays, where the months start does not
		{"a date across the start of a month", "article-28", "2000-01-30",
			[]string{"articles/2000/01/", "articles/2000/02/", "timeline/2000/01/", "timeline/2000/02/"}},
		// a month new to the lists: its pages come, and January's link to
		// the month beside it changes
		{"a date in a month of its own", "article-6", "1999-12-01",
			[]string{"articles/1999/12/", "articles/2000/01/", "timeline/1999/12/", "timeline/2000/01/"}},
		{"the month left empty", "article-6", "2000-01-07",
			[]string{"articles/2000/01/", "timeline/2000/01/"}},
	}
	for _, step := range steps {
		graph := inc.b.graph
		p := "content/articles/0/" + step.article + ".md"
		inc.write(p, regexp.MustCompile(`(?m)^date: .*$`).ReplaceAllString(string(inc.fsys[p].Data), "date: "+step.date))
		if inc.b.graph != graph {
			t.Errorf("%s: linked the whole site again", step.what)
		}
		if got := inc.touchedMonths(); !slices.Equal(got, step.months) {
			t.Errorf("%s: wrote the pages of months %v, want %v", step.what, got, step.months)
		}
		for _, first := range []string{"articles/index.html", "timeline/index.html"} {
			if !slices.Contains(inc.touched, first) {
				t.Errorf("%s: did not write %s, whose count of each month's items changed", step.what, first)
			}
		}
		inc.assertSameAsFresh(step.what)
	}
	if _, ok := inc.out["articles/1999/12/index.html"]; ok {
		t.Error("the page of a month left empty stays")
	}
}

// A new story, the newest, changes the first page of each dated list and
// the pages of its month; the first of a new month also changes the link
// of the month beside it, and no other page of the lists.
func TestIncrementalNewestStoryChangesItsMonth(t *testing.T) {
	inc := newGenerated(t, corpus.Options{Articles: 40, Entities: 40, Tags: 5, Seed: 3}, "title: Newest\nbase_url: https://example.org/\npage_size: 3\n", Options{Theme: templates.Default})
	for i := range 4 {
		graph := inc.b.graph
		inc.write(fmt.Sprintf("content/articles/new/newest-%d.md", i), fmt.Sprintf("---\ntitle: Newest %d\ndate: 2030-01-0%d\ntags: [tag-1]\n---\nAbout [[entity-3]].\n", i, i+1))
		if inc.b.graph != graph {
			t.Errorf("new article %d linked the whole site again", i)
		}
		inc.assertSameAsFresh(fmt.Sprintf("newest article %d", i))
		want := []string{"articles/2030/01/", "timeline/2030/01/"}
		if i == 0 {
			// February 2000 was the newest month
			want = []string{"articles/2000/02/", "articles/2030/01/", "timeline/2000/02/", "timeline/2030/01/"}
		}
		if got := inc.touchedMonths(); !slices.Equal(got, want) {
			t.Errorf("newest article %d wrote the pages of months %v, want %v", i, got, want)
		}
		if !slices.Contains(inc.touched, "articles/index.html") {
			t.Errorf("newest article %d did not render the first page of the articles", i)
		}
	}
	// four articles in January 2030, three a page
	if _, ok := inc.out["articles/2030/01/page/2/index.html"]; !ok {
		t.Error("no second page of January 2030")
	}
}

// The search index's files for articles and statements are counted from
// their oldest end too: a new story, the newest, changes the first file of
// its kind alone, not every file after it, and the list of files names that
// file with a new version and the others as before, so that a browser
// fetches that one again.
func TestIncrementalNewestStoryChangesOneSearchFile(t *testing.T) {
	inc := newGenerated(t, corpus.Options{Articles: 40, Entities: 40, Tags: 5, Seed: 3}, "title: Newest\nbase_url: https://example.org/\npage_size: 3\n", Options{Theme: templates.Default, SearchShardSize: 7})
	// 40 articles in 5 files, then 120 statements in 17, 40 entities in 6
	// and a page in 1
	files := regexp.MustCompile(`search/index-\d+\.js`).FindAll(inc.out["search/index.js"], -1)
	if len(files) != 29 {
		t.Fatalf("%d search files, want 29", len(files))
	}
	changedSearchFiles := func(before map[string][]byte) (changed []string) {
		for p, data := range inc.out {
			if strings.HasPrefix(p, "search/index-") && !bytes.Equal(before[p], data) {
				changed = append(changed, p)
			}
		}
		return changed
	}
	before := maps.Clone(inc.out)
	inc.write("content/articles/new/newest.md", "---\ntitle: Newest\ndate: 2030-01-01\ntags: [tag-1]\n---\nAbout [[entity-3]].\n")
	inc.assertSameAsFresh("newest article")
	if got := changedSearchFiles(before); !slices.Equal(got, []string{"search/index-1.js"}) {
		t.Errorf("the newest article changed search files %v, want the first alone", got)
	}
	versionsBefore, versions := searchFileVersions(t, before), searchFileVersions(t, inc.out)
	for p, v := range versions {
		if changed := v != versionsBefore[p]; changed != (p == "search/index-1.js") {
			t.Errorf("%s: version %s, before %s; want a new version for the file that changed alone", p, v, versionsBefore[p])
		}
	}
	statement := inc.fsys["content/statements/0/statement-7-1.yaml"]
	if statement == nil {
		t.Fatal("no statement-7-1 to copy")
	}
	before = maps.Clone(inc.out)
	inc.write("content/statements/new/said-newest.yaml", regexp.MustCompile(`(?m)^date: .*$`).ReplaceAllString(string(statement.Data), "date: 2030-01-02"))
	inc.assertSameAsFresh("newest statement")
	if got := changedSearchFiles(before); !slices.Equal(got, []string{"search/index-6.js"}) {
		t.Errorf("the newest statement changed search files %v, want the statements' first (6) alone", got)
	}
}

// A topic's pages each say how many articles and statements it has: a batch
// in which an article leaves the topic and a statement joins it, both on
// its last page, leaves its first page's items as they were but not its
// intro.
func TestIncrementalTopicCountsOnEveryPage(t *testing.T) {
	inc := newGenerated(t, corpus.Options{Articles: 40, Entities: 40, Tags: 5, Seed: 3}, "title: Topics\nbase_url: https://example.org/\npage_size: 3\n", Options{Theme: templates.Default})
	var topic *site.Tag
	for _, tag := range inc.b.graph.Tags {
		if len(tag.Items) > 9 && len(tag.Articles) > 1 {
			topic = tag
			break
		}
	}
	if topic == nil {
		t.Fatal("no topic with four pages")
	}
	// the topic's oldest article leaves it; the site's oldest statement,
	// older than it, joins it
	var article *site.Article
	for _, n := range slices.Backward(topic.Items) {
		if a, ok := n.(*site.Article); ok {
			article = a
			break
		}
	}
	statement := inc.b.graph.Statements[len(inc.b.graph.Statements)-1]
	if slices.Contains(statement.Topics, topic) || statement.Date().Compare(topic.Items[len(topic.Items)-4].Date()) >= 0 {
		t.Fatalf("statement %s is no newcomer to the end of %s", statement.ID, topic.Name)
	}
	tags := regexp.MustCompile(`(?m)^tags: .*$`)
	topics := regexp.MustCompile(`(?m)^topics: .*$`)
	inc.fsys[article.File] = &fstest.MapFile{Data: tags.ReplaceAll(inc.fsys[article.File].Data, []byte("tags: []"))}
	inc.fsys[statement.File] = &fstest.MapFile{Data: topics.ReplaceAll(inc.fsys[statement.File].Data, []byte("topics: ["+topic.Name+"]"))}
	before := string(inc.out[topic.Path()+"index.html"])
	if !inc.build([]string{article.File, statement.File}) {
		t.Fatal("build failed")
	}
	if after := string(inc.out[topic.Path()+"index.html"]); after == before {
		t.Errorf("the first page of %s kept its intro", topic.Name)
	}
	inc.assertSameAsFresh("an article leaves a topic, a statement joins it")
}

// New articles join the graph in place, one after the other, each in the
// lists of what it links, its tags' and the site's (pages of 3: lists gain
// pages; search files of 7 documents: the index gains files; sitemaps of 40
// pages: the sitemap gains files), a tag new to the site included. An
// article the graph cannot take in place (a draft, an ID a draft has) links
// the whole site again.
func TestIncrementalNewArticles(t *testing.T) {
	inc := newGenerated(t, corpus.Options{Articles: 40, Entities: 40, Tags: 5, Seed: 5}, "title: New\nbase_url: https://example.org/\npage_size: 3\n", Options{Theme: templates.Default, SitemapLimit: 40, SearchShardSize: 7})
	rng := rand.New(rand.NewPCG(5, 5))
	for i := range 12 {
		graph := inc.b.graph
		p := fmt.Sprintf("content/articles/new/new-%d.md", i)
		tags := fmt.Sprintf("[tag-%d]", rng.IntN(5))
		if i%3 == 0 {
			tags = fmt.Sprintf("[tag-%d, tag-%d]", rng.IntN(5), rng.IntN(5))
		}
		body := fmt.Sprintf("About [[entity-%d]] and [[article-%d]], more of [[new-%d]].\n\n![[statement-%d-%d]]\n", rng.IntN(40), rng.IntN(40), max(0, i-1), rng.IntN(40), rng.IntN(3))
		if i == 0 {
			body = strings.ReplaceAll(body, "[[new-0]]", "[[entity-1]]")
		}
		inc.write(p, fmt.Sprintf("---\ntitle: New %d\ndate: 2000-0%d-%02d\ntags: %s\nentities: [entity-%d]\n---\n%s", i, 1+rng.IntN(3), 1+rng.IntN(28), tags, rng.IntN(40), body))
		if inc.b.graph != graph {
			t.Errorf("new article %d linked the whole site again", i)
		}
		inc.assertSameAsFresh(fmt.Sprintf("new article %d", i))
		if t.Failed() {
			return
		}
	}
	for _, tc := range []struct {
		what, file, text string
		inPlace          bool
	}{
		{"a new tag", "content/articles/new/tagged.md", "---\ntitle: Tagged\ndate: 2000-02-02\ntags: [brand-new]\n---\nText.\n", true},
		{"a draft", "content/articles/new/draft.md", "---\ntitle: Draft\ndate: 2000-02-02\ndraft: true\n---\nText.\n", false},
	} {
		graph := inc.b.graph
		inc.write(tc.file, tc.text)
		if inPlace := inc.b.graph == graph; inPlace != tc.inPlace {
			t.Errorf("a new article with %s: linked in place %v, want %v", tc.what, inPlace, tc.inPlace)
		}
		inc.assertSameAsFresh("a new article with " + tc.what)
	}
	// the draft's ID, taken by a new published article: reported as when
	// linking the whole site
	inc.fsys["content/articles/new/not-a-draft/draft.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Twin\ndate: 2000-02-02\n---\nText.\n")}
	if _, diags := inc.b.Build(inc.fsys, []string{"content/articles/new/not-a-draft/draft.md"}, func(render.Output) error { return nil }); !strings.Contains(diags.Error(), `also has the ID "draft"`) {
		t.Errorf("a new article with a draft's ID: %v", diags)
	}
}

// Articles nothing refers to leave the graph in place when their files are
// deleted, one after the other; an article something refers to, or a
// deletion in a batch with another edit, links the whole site again (which
// reports the references left without a target).
func TestIncrementalRemovedArticles(t *testing.T) {
	inc := newGenerated(t, corpus.Options{Articles: 40, Entities: 40, Tags: 5, Seed: 5}, "title: Gone\nbase_url: https://example.org/\npage_size: 3\n", Options{Theme: templates.Default, SitemapLimit: 40, SearchShardSize: 7})
	// every article of the generated site is referred to: new ones, each
	// odd one referring to the one before, are
	var files []string
	for i := range 12 {
		p := fmt.Sprintf("content/articles/new/new-%d.md", i)
		ref := "[[entity-3]]"
		if i%2 == 1 {
			ref = fmt.Sprintf("[[new-%d]]", i-1)
		}
		inc.write(p, fmt.Sprintf("---\ntitle: New %d\ndate: 2000-0%d-%02d\ntags: [tag-%d]\n---\nSee %s and [[entity-%d]].\n", i, 1+i%3, 1+2*i, i%5, ref, i))
		files = append(files, p)
	}
	removed, refused := inc.removeEach(files)
	if removed != 6 || refused != 6 {
		t.Errorf("removed %d articles in place, refused %d, want 6 and 6", removed, refused)
	}
	// the even ones are left, referred to by nothing now: one goes in a
	// batch that edits another article, in place
	graph := inc.b.graph
	delete(inc.fsys, files[0])
	other := files[2]
	inc.fsys[other] = &fstest.MapFile{Data: append(bytes.Clone(inc.fsys[other].Data), "\nMore, about [[entity-7]].\n"...)}
	if !inc.build([]string{files[0], other}) {
		t.Fatal("build failed")
	}
	if inc.b.graph != graph {
		t.Error("a batch removing an article and editing another linked the whole site")
	}
	inc.assertSameAsFresh("a batch removing an article and editing another")
	// one whose edit refers to the article gone is for a whole-site link to
	// report
	delete(inc.fsys, files[4])
	inc.fsys[other] = &fstest.MapFile{Data: append(bytes.Clone(inc.fsys[other].Data), "\nSee [[new-4]].\n"...)}
	_, diags := inc.b.Build(inc.fsys, []string{files[4], other}, func(render.Output) error { return nil })
	if !strings.Contains(diags.Error(), `unknown reference "new-4"`) {
		t.Errorf("an edit referring to an article removed in its batch: %v", diags)
	}
	inc.fsys[other] = &fstest.MapFile{Data: bytes.Replace(inc.fsys[other].Data, []byte("\nSee [[new-4]].\n"), nil, 1)}
	if !inc.build([]string{other}) {
		t.Fatal("build failed")
	}
	inc.assertSameAsFresh("the reference taken back")
}

// A folder deleted is a batch of removals, a file renamed one of a removal
// and a new document: the graph takes them in place together when nothing
// else refers to those gone (new documents included) and they leave each
// of their tags another document, and is linked again otherwise.
func TestIncrementalRemovalsTogether(t *testing.T) {
	inc := newGenerated(t, corpus.Options{Articles: 40, Entities: 40, Tags: 5, Seed: 6}, "title: Gone\nbase_url: https://example.org/\npage_size: 3\n", Options{Theme: templates.Default, SearchShardSize: 7})
	article := func(p, tags, body string) {
		inc.write(p, "---\ntitle: "+path.Base(p)+"\ndate: 2001-02-03\ntags: ["+tags+"]\n---\n"+body+"\n")
	}
	statement := func(p string) {
		inc.write(p, "org: entity-2\ndate: 2001-02-04\nquote: Said.\nstance: denies\nabout: [entity-4]\ntopics: [tag-1]\n")
	}
	removeAll := func(step string, files []string, inPlace bool) {
		t.Helper()
		graph := inc.b.graph
		batch := []string{"content/articles/gone", "content/statements/gone"}
		for _, f := range files {
			delete(inc.fsys, f)
			batch = append(batch, f)
		}
		if !inc.build(batch) {
			t.Fatalf("%s: build failed", step)
		}
		if kept := inc.b.graph == graph; kept != inPlace {
			t.Errorf("%s: graph kept %v, want %v", step, kept, inPlace)
		}
		inc.assertSameAsFresh(step)
	}
	// referred to by nothing, in tags that keep other documents
	files := []string{"content/articles/gone/a.md", "content/articles/gone/deeper/b.md", "content/statements/gone/s.yaml"}
	article(files[0], "tag-1", "About [[entity-3]].")
	article(files[1], "tag-1, tag-2", "About [[entity-5]].")
	statement(files[2])
	removeAll("unreferenced articles and a statement", files, true)
	// the only two documents of a tag
	files = []string{"content/articles/gone/c.md", "content/articles/gone/d.md"}
	article(files[0], "lonely", "Alone.")
	article(files[1], "lonely, tag-2", "Alone too.")
	removeAll("a tag's only documents", files, true)
	// one referring to the other
	files = []string{"content/articles/gone/e.md", "content/articles/gone/f.md"}
	article(files[0], "tag-1", "Before.")
	article(files[1], "tag-1", "After [[e]].")
	removeAll("one referring to the other", files, false)

	// a file renamed: a document gone and a new one, referring to
	// nothing gone, in place
	rename := func(step, from, to string, inPlace bool) bool {
		t.Helper()
		graph := inc.b.graph
		inc.fsys[to] = inc.fsys[from]
		delete(inc.fsys, from)
		ok := inc.build([]string{from, to})
		if kept := inc.b.graph == graph; ok && kept != inPlace {
			t.Errorf("%s: graph kept %v, want %v", step, kept, inPlace)
		}
		if ok {
			inc.assertSameAsFresh(step)
		}
		return ok
	}
	article("content/articles/gone/g.md", "tag-1", "About [[entity-3]] and [[statement-1-1]].")
	rename("an article renamed", "content/articles/gone/g.md", "content/articles/gone/h.md", true)
	statement("content/statements/gone/t.yaml")
	rename("a statement renamed", "content/statements/gone/t.yaml", "content/statements/gone/u.yaml", true)
	// the new document refers to the one gone: a full link reports it
	article("content/articles/gone/i.md", "tag-1", "About [[entity-3]].")
	inc.fsys["content/articles/gone/j.md"] = &fstest.MapFile{Data: []byte("---\ntitle: j\ndate: 2001-02-03\ntags: [tag-1]\n---\nAfter [[i]].\n")}
	delete(inc.fsys, "content/articles/gone/i.md")
	failsWith := func(step string, batch []string, want string) {
		t.Helper()
		_, diags := inc.b.Build(inc.fsys, batch, func(render.Output) error { return nil })
		if !diags.HasErrors() || !strings.Contains(formatDiags(diags), want) {
			t.Errorf("%s: build reported %q, want an error with %q", step, formatDiags(diags), want)
		}
	}
	failsWith("a new article referring to one gone", []string{"content/articles/gone/i.md", "content/articles/gone/j.md"}, `"i"`)
	delete(inc.fsys, "content/articles/gone/j.md")
	if !inc.build([]string{"content/articles/gone/j.md"}) {
		t.Fatal("build failed")
	}
	// a new statement whose organization is gone
	inc.write("content/entities/gone/lone.yaml", "name: Lone Bank\nkind: bank\n")
	inc.fsys["content/statements/gone/v.yaml"] = &fstest.MapFile{Data: []byte("org: lone\ndate: 2001-02-04\nquote: Said.\nstance: denies\n")}
	delete(inc.fsys, "content/entities/gone/lone.yaml")
	failsWith("a new statement whose organization is gone", []string{"content/entities/gone/lone.yaml", "content/statements/gone/v.yaml"}, `unknown org "lone"`)
}

// New statements join the graph in place, each odd one answering the one
// before; then each is deleted: those nothing answers or cites leave in
// place, the others fail the build, which links the whole site again.
func TestIncrementalNewAndRemovedStatements(t *testing.T) {
	fsys := fstest.MapFS{}
	var orgs, people, outlets []string
	for p, data := range corpus.Generate(corpus.Options{Articles: 40, Entities: 40, Tags: 5, Seed: 5}) {
		fsys[p] = &fstest.MapFile{Data: data}
		switch kind, id := path.Split(strings.TrimSuffix(p, path.Ext(p))); kind {
		case "content/entities/person/":
			people = append(people, id)
		case "content/entities/outlet/":
			outlets = append(outlets, id)
		case "content/entities/bank/", "content/entities/company/":
			orgs = append(orgs, id)
		}
	}
	for _, list := range [][]string{orgs, people, outlets} {
		if len(list) == 0 {
			t.Fatal("the generated site lacks a kind of entity")
		}
		slices.Sort(list)
	}
	fsys["content/site.yaml"] = &fstest.MapFile{Data: []byte("title: Said\nbase_url: https://example.org/\npage_size: 3\n")}
	inc := &incremental{t: t, fsys: fsys, b: NewBuilder(Options{Theme: templates.Default, SitemapLimit: 40, SearchShardSize: 7}), out: map[string][]byte{}}
	inc.build(nil)
	// a stance of its own for the fourth, which its removal takes away
	stance := func(i int) string {
		if i == 3 {
			return "wonders"
		}
		return []string{"denies", "confirms"}[i%2]
	}
	var files []string
	for i := range 10 {
		p := fmt.Sprintf("content/statements/new/said-%d.yaml", i)
		answer := ""
		if i%2 == 1 {
			answer = fmt.Sprintf("responds_to: said-%d\n", i-1)
		}
		before := inc.b.graph
		inc.write(p, fmt.Sprintf("org: %s\nspeaker: %s\ndate: 2000-0%d-%02d\nquote: Said %d.\nstance: %s\nabout: [%s]\ntopics: [tag-%d]\nreported_by:\n  - outlet: %s\n%s",
			orgs[i%len(orgs)], people[i%len(people)], 1+i%3, 1+2*i, i, stance(i), orgs[(i+1)%len(orgs)], i%5, outlets[i%len(outlets)], answer))
		if inc.b.graph != before {
			t.Errorf("new statement %d linked the whole site again", i)
		}
		inc.assertSameAsFresh(fmt.Sprintf("new statement %d", i))
		if t.Failed() {
			return
		}
		files = append(files, p)
	}
	removed, refused := inc.removeEach(files)
	if removed != 5 || refused != 5 {
		t.Errorf("removed %d statements in place, refused %d, want 5 and 5", removed, refused)
	}
}

// A person's new name moves them among their organization's people, which
// its page lists by name.
func TestIncrementalRenamedPersonMovesAmongPeople(t *testing.T) {
	inc := newGenerated(t, corpus.Options{Articles: 40, Entities: 200, Tags: 5, Seed: 5}, "", Options{Theme: templates.Default})
	var org *site.Entity
	for _, e := range inc.b.graph.Entities {
		if len(e.People) > 1 {
			org = e
			break
		}
	}
	if org == nil {
		t.Fatal("no organization with two people")
	}
	last := org.People[len(org.People)-1]
	graph := inc.b.graph
	inc.write(last.File, regexp.MustCompile(`(?m)^name: .*$`).ReplaceAllString(string(inc.fsys[last.File].Data), "name: Aaron Aaronson"))
	if inc.b.graph != graph {
		t.Error("a new name linked the whole site again")
	}
	if org.People[0] != last {
		t.Errorf("%s's people: %s is not first", org.ID, last.ID)
	}
	inc.assertSameAsFresh("a person renamed")
}

// newGenerated drives a Builder over a generated site, with the site
// settings siteYAML if not empty, after a first build.
func newGenerated(t *testing.T, c corpus.Options, siteYAML string, opts Options) *incremental {
	fsys := fstest.MapFS{}
	for p, data := range corpus.Generate(c) {
		fsys[p] = &fstest.MapFile{Data: data}
	}
	if siteYAML != "" {
		fsys["content/site.yaml"] = &fstest.MapFile{Data: []byte(siteYAML)}
	}
	inc := &incremental{t: t, fsys: fsys, b: NewBuilder(opts), out: map[string][]byte{}}
	inc.build(nil)
	return inc
}

// removeEach deletes each file, one build each: a document something refers
// to fails the build (which links the whole site) and is put back; any
// other leaves the graph in place, as a fresh build would have it. It
// returns how many went and how many were put back.
func (inc *incremental) removeEach(files []string) (removed, refused int) {
	t := inc.t
	t.Helper()
	for _, p := range files {
		node := inc.b.graph.Lookup(strings.TrimSuffix(path.Base(p), path.Ext(p)))
		referred := len(node.Backlinks()) > 0
		graph, file := inc.b.graph, inc.fsys[p]
		delete(inc.fsys, p)
		if ok := inc.build([]string{p}); ok == referred {
			t.Fatalf("removing %s (referred to: %v): build succeeded: %v", node.NodeID(), referred, ok)
		}
		if referred {
			refused++
			inc.fsys[p] = file
			if !inc.build([]string{p}) {
				t.Fatalf("putting back %s failed", p)
			}
			continue
		}
		removed++
		if inc.b.graph != graph {
			t.Errorf("removing %s, which nothing refers to, linked the whole site again", node.NodeID())
		}
		inc.assertSameAsFresh("removing " + node.NodeID())
		if t.Failed() {
			return removed, refused
		}
	}
	return removed, refused
}

// New entities join the graph in place (a company whose description refers
// to an article, a statement and a bank, whose backlinks it joins among
// those of the bank's people; a person at an organization of the site and
// one at the new company; a statement of theirs), then leave it as nothing
// names them any more: each step equal to a fresh build.
func TestIncrementalNewAndRemovedEntities(t *testing.T) {
	inc := newGenerated(t, corpus.Options{Articles: 40, Entities: 40, Tags: 5, Seed: 5}, "title: Players\nbase_url: https://example.org/\npage_size: 3\n", Options{Theme: templates.Default, SearchShardSize: 7})
	var org string
	for _, e := range inc.b.graph.Entities {
		if e.Entity.Kind == "bank" {
			org = e.ID
			break
		}
	}
	steps := []struct{ file, text string }{
		{"content/entities/new/acme.yaml", "name: Acme Payments\nkind: company\ndescription: >-\n  Named in [[article-3]] and [[statement-3-1]], a rival of [[" + org + "]].\n"},
		{"content/entities/new/ann-lee.yaml", "name: Ann Lee\nkind: person\norg: " + org + "\nrole: Spokeswoman\n"},
		{"content/entities/new/bo-diaz.yaml", "name: Bo Diaz\nkind: person\norg: acme\n"},
		{"content/statements/new/acme-said.yaml", "org: acme\nspeaker: bo-diaz\ndate: 2000-01-15\nquote: We said it.\nabout: [ann-lee]\n"},
	}
	var files []string
	for _, step := range steps {
		graph := inc.b.graph
		inc.write(step.file, step.text)
		if inc.b.graph != graph {
			t.Errorf("new %s linked the whole site again", step.file)
		}
		inc.assertSameAsFresh("new " + step.file)
		files = append(files, step.file)
	}
	// each is named by the one after it: deleting them first to last puts
	// back all but the last, and each after it then goes
	removed, refused := inc.removeEach(files)
	if removed != 1 || refused != 3 {
		t.Errorf("removed %d, refused %d; want 1 and 3", removed, refused)
	}
	for i := len(files) - 2; i >= 0; i-- {
		if r, _ := inc.removeEach(files[i : i+1]); r != 1 {
			t.Errorf("%s was not removed in place", files[i])
		}
	}
}

// A file of the search index that goes (an article removed) and comes back
// (an article added) holds the same documents, one of which changed while
// the file was gone: it is made anew, not patched.
func TestIncrementalSearchFileComesBack(t *testing.T) {
	// 3 articles, 1 statement, 4 entities, 1 page: 9 documents, one file
	inc := &incremental{t: t, fsys: siteFS(t, storySite), b: NewBuilder(Options{Theme: templates.Default, SearchShardSize: 9}), out: map[string][]byte{}}
	inc.build(nil)
	graph := inc.b.graph
	article := "---\ntitle: New\ndate: 2018-07\ntags: [privacy]\n---\nText.\n"
	inc.write("content/articles/new.md", article) // the about page's entry goes to search/index-2.js
	inc.remove("content/articles/new.md")         // search/index-2.js goes
	// the about page's entry names Facebook, which it links
	fb := "content/entities/facebook.yaml"
	inc.write(fb, strings.Replace(string(inc.fsys[fb].Data), "name: Facebook", "name: Meta", 1))
	inc.write("content/articles/new.md", article) // search/index-2.js comes back
	if inc.b.graph != graph {
		t.Error("the edits linked the whole site again")
	}
	inc.assertSameAsFresh("a search file back")
}

// A template edit in the same batch as an edit the graph could take in
// place: the pages that read the template are made again too.
func TestIncrementalTemplateBatchedWithContent(t *testing.T) {
	for _, content := range []struct{ file, text string }{
		{"content/articles/new.md", "---\ntitle: New\ndate: 2018-07\ntags: [privacy]\n---\nText.\n"},
		{"content/articles/third.md", "---\ntitle: Third\ndate: 2018-09\ntags: [privacy]\n---\nPlain, edited.\n"},
	} {
		inc := newIncremental(t, storySite)
		inc.fsys[content.file] = &fstest.MapFile{Data: []byte(content.text)}
		inc.fsys["templates/page.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}<p>{{.Main.Title}}</p>{{end}}`)}
		if !inc.build([]string{content.file, "templates/page.html"}) {
			t.Fatal("build failed")
		}
		inc.assertSameAsFresh("a template and " + content.file)
	}
}

// countingFS counts the files opened in it.
type countingFS struct {
	fs.FS
	opened *atomic.Int64
}

func (c countingFS) Open(name string) (fs.File, error) {
	c.opened.Add(1)
	return c.FS.Open(name)
}

// The theme is read again only when a file under templates/ changed: a
// rebuild for content reuses it, with its problems, so a theme that failed
// keeps failing until it is fixed, whatever else changes.
func TestIncrementalReadsThemeWhenTemplatesChange(t *testing.T) {
	var opened atomic.Int64
	inc := &incremental{t: t, fsys: siteFS(t, storySite), out: map[string][]byte{},
		b: NewBuilder(Options{Theme: countingFS{templates.Default, &opened}})}
	if !inc.build(nil) || opened.Load() == 0 {
		t.Fatalf("first build: ok, %d theme files opened", opened.Load())
	}
	opened.Store(0)
	inc.write("content/articles/third.md", "---\ntitle: Third, again\ndate: 2018-09\n---\nAbout [[facebook]].\n")
	if n := opened.Load(); n != 0 {
		t.Errorf("a content edit read %d files of the theme", n)
	}
	inc.assertSameAsFresh("content edit")

	// a broken template batched with a content edit, then content alone
	inc.fsys["templates/page.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}<p>{{.Main.Title}</p>{{end}}`)}
	inc.fsys["content/articles/third.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Third, once more\ndate: 2018-09\n---\nAbout [[facebook]].\n")}
	if inc.build([]string{"templates/page.html", "content/articles/third.md"}) {
		t.Fatal("a broken template built")
	}
	inc.fsys["content/articles/second.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Second, edited\ndate: 2018-08\n---\nAbout [[facebook]].\n")}
	_, diags := inc.b.Build(inc.fsys, []string{"content/articles/second.md"}, func(render.Output) error { return nil })
	if !slices.ContainsFunc(diags, func(d diag.Diagnostic) bool { return d.Pos.File == "templates/page.html" && d.Pos.Line == 1 }) {
		t.Errorf("with the template still broken, a content edit gave %v", diags)
	}
	opened.Store(0)
	inc.write("templates/page.html", `{{define "main"}}<p class="fixed">{{.Main.Title}}</p>{{end}}`)
	if opened.Load() == 0 {
		t.Error("a template edit did not read the theme")
	}
	inc.assertSameAsFresh("template fixed")
}

// A path gone from the site that was no file of it (an editor's temporary
// file) changes nothing; a folder moved away takes its files, also once
// the builder counts the files of each folder, which it keeps up to date
// as files come and go.
func TestIncrementalTemporaryFilesAndFolders(t *testing.T) {
	inc := newIncremental(t, storySite)
	// the editor saves through a temporary file, deleted before the batch
	inc.fsys["content/articles/third.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Third, saved\ndate: 2018-09\n---\nAbout [[facebook]].\n")}
	if !inc.build([]string{"content/articles/.third.md.swp", "content/articles/third.md"}) {
		t.Fatal("build failed")
	}
	if inc.b.folders == nil {
		t.Fatal("no count of the files in each folder")
	}
	inc.assertSameAsFresh("saved through a temporary file")
	if !inc.build([]string{"content/articles/4913"}) || len(inc.touched) != 0 {
		t.Errorf("a temporary file alone rendered %v", inc.touched)
	}
	// a folder comes, then goes in one event
	inc.write("content/articles/later/one.md", "---\ntitle: Later one\ndate: 2018-10\n---\nAbout [[facebook]].\n")
	inc.write("content/articles/later/deep/two.md", "---\ntitle: Later two\ndate: 2018-10\n---\nAbout [[facebook]].\n")
	delete(inc.fsys, "content/articles/later/one.md")
	delete(inc.fsys, "content/articles/later/deep/two.md")
	if !inc.build([]string{"content/articles/later"}) {
		t.Fatal("build failed")
	}
	for _, p := range []string{"articles/one/index.html", "articles/two/index.html"} {
		if _, ok := inc.out[p]; ok {
			t.Errorf("%s is still built after its folder went", p)
		}
	}
	inc.assertSameAsFresh("folder gone")
	want := map[string]int{}
	for f := range inc.b.files {
		for d := path.Dir(f); d != "."; d = path.Dir(d) {
			want[d]++
		}
	}
	if !maps.Equal(inc.b.folders, want) {
		t.Errorf("files by folder %v, want %v", inc.b.folders, want)
	}
}

// An edit of the theme's statement card reaches every output showing one,
// the site's feed too, whose articles embed cards but which is no page.
// (Found by a random soak of incremental builds: the feed kept the old
// cards.)
func TestIncrementalCardTemplateReachesTheFeed(t *testing.T) {
	inc := newIncremental(t, storySite)
	partials, err := fs.ReadFile(templates.Default, "partials.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, define := range []string{`{{define "card"}}`, `{{define "quotation"}}`} {
		if !strings.Contains(string(partials), define) {
			t.Fatalf("the default partials no longer hold %s", define)
		}
		inc.write("templates/partials.html", strings.Replace(string(partials), define, define+"<i>new</i>", 1))
		if !slices.Contains(inc.touched, "feed.xml") {
			t.Errorf("editing %s left feed.xml as it was", define)
		}
		inc.assertSameAsFresh("edited " + define)
	}
}

// An entity's feed holds the documents of its timeline that changed last,
// chosen by the graph: dates and dates of update that move documents into
// and out of the feeds, onto dates other documents have (ties are broken by
// kind and ID) and back, keep every feed as a fresh build makes it, and
// an old article's new date of update brings it into its entities' feeds.
func TestIncrementalEntityFeedsFollowDates(t *testing.T) {
	inc := newGenerated(t, corpus.Options{Articles: 80, Entities: 20, Tags: 5, Seed: 11}, "", Options{Theme: templates.Default})
	dateLine := regexp.MustCompile(`(?m)^date: (.*)$`)
	var files, dates []string
	for _, p := range slices.Sorted(maps.Keys(inc.fsys)) {
		if strings.HasPrefix(p, "content/articles/") || strings.HasPrefix(p, "content/statements/") {
			files = append(files, p)
			dates = append(dates, dateLine.FindStringSubmatch(string(inc.fsys[p].Data))[1])
		}
	}
	slices.Sort(dates)
	oldest := files[0]
	for _, p := range files {
		if strings.HasPrefix(p, "content/articles/") && dateLine.FindStringSubmatch(string(inc.fsys[p].Data))[1] == dates[0] {
			oldest = p
		}
	}
	if !strings.HasPrefix(oldest, "content/articles/") {
		t.Fatal("no article has the oldest date")
	}
	withUpdated := func(p, day string) string {
		text := regexp.MustCompile(`(?m)^updated: .*\n`).ReplaceAllString(string(inc.fsys[p].Data), "")
		if day == "" {
			return text
		}
		return strings.Replace(text, "\ndate: ", "\nupdated: "+day+"\ndate: ", 1)
	}
	feedsWith := func(p string) (n int) {
		slug := strings.TrimSuffix(path.Base(p), ".md")
		for out, data := range inc.out {
			if strings.HasSuffix(out, "/feed.xml") && strings.HasPrefix(out, "entities/") && strings.Contains(string(data), "/articles/"+slug+"/") {
				n++
			}
		}
		return n
	}
	if n := feedsWith(oldest); n != 0 {
		t.Fatalf("the oldest article is in %d entity feeds already", n)
	}
	inc.write(oldest, withUpdated(oldest, "2031-01-01"))
	inc.assertSameAsFresh("the oldest article updated last")
	if feedsWith(oldest) == 0 {
		t.Error("the oldest article, updated last, is in no entity feed")
	}
	inc.write(oldest, withUpdated(oldest, ""))
	inc.assertSameAsFresh("its date of update gone")

	rng := rand.New(rand.NewPCG(4, 9))
	for step := range 40 {
		p := files[rng.IntN(len(files))]
		day := dates[len(dates)-1-rng.IntN(len(dates)/4)] // among the newest, which feeds hold
		text := string(inc.fsys[p].Data)
		what := "date"
		if strings.HasPrefix(p, "content/articles/") && rng.IntN(2) == 0 {
			what = "date of update"
			text = withUpdated(p, day)
			if rng.IntN(3) == 0 {
				text = withUpdated(p, "")
			}
		} else {
			text = dateLine.ReplaceAllString(text, "date: "+day)
		}
		inc.write(p, text)
		inc.assertSameAsFresh(fmt.Sprintf("step %d: %s's %s", step, p, what))
	}
}

// An article dated again far from the newest documents changes its
// entities' timelines, but not what their feeds chose (FeedKey) nor what
// their pages and the index of entities show of their lists (ShownKey):
// those are not rendered again, and still equal a fresh build's.
func TestIncrementalOldDateLeavesEntityFeedsAndPages(t *testing.T) {
	inc := newGenerated(t, corpus.Options{Articles: 80, Entities: 20, Tags: 5, Seed: 11}, "", Options{Theme: templates.Default})
	dateLine := regexp.MustCompile(`(?m)^date: (.*)$`)
	const p = "content/articles/0/article-3.md"
	for step, day := range []string{"1990-02-03", "1991-07-01", "1990-02-03"} {
		inc.write(p, dateLine.ReplaceAllString(string(inc.fsys[p].Data), "date: "+day))
		inc.assertSameAsFresh(fmt.Sprintf("step %d: dated %s", step, day))
		timelines := 0
		for _, out := range inc.touched {
			if !strings.HasPrefix(out, "entities/") {
				continue
			}
			if strings.Contains(out, "/timeline/") {
				timelines++
			}
			if strings.HasSuffix(out, "/feed.xml") {
				t.Errorf("step %d: %s rendered again, though its entries stayed", step, out)
			}
			if !strings.Contains(out, "/timeline/") && strings.HasSuffix(out, "/index.html") {
				// an entity's page, or a page of the index of entities
				t.Errorf("step %d: %s rendered again, though what it shows of the lists stayed", step, out)
			}
		}
		if timelines == 0 {
			t.Fatalf("step %d: no entity's timeline rendered again (touched %v)", step, inc.touched)
		}
	}
}

// An entry of a whole-site output that reads another document after an
// edit (a statement's search entry names its organization) is found again
// when that document changes, whether the output was spliced (the same
// documents) or joined with a new one since.
func TestIncrementalSplicedEntriesFollowNewReads(t *testing.T) {
	inc := newGenerated(t, corpus.Options{Articles: 80, Entities: 20, Tags: 5, Seed: 11}, "", Options{Theme: templates.Default})
	const stmt = "content/statements/0/statement-3-0.yaml"
	orgLine, nameLine := regexp.MustCompile(`(?m)^org: .*$`), regexp.MustCompile(`(?m)^name: .*$`)
	steps := []struct{ org, file, name string }{
		{"entity-18", "content/entities/company/entity-18.yaml", "Renamed Company"},
		{"entity-12", "content/entities/company/entity-12.yaml", "Renamed Again"},
	}
	searchHas := func(text string) bool {
		for p, data := range inc.out {
			if strings.HasPrefix(p, "search/") && strings.Contains(string(data), text) {
				return true
			}
		}
		return false
	}
	for i, step := range steps {
		if inc.fsys[stmt] == nil || inc.fsys[step.file] == nil || !orgLine.Match(inc.fsys[stmt].Data) {
			t.Fatal("the corpus has changed: pick another statement and companies")
		}
		if i == 1 {
			// a new statement: the search index is joined with it, not
			// spliced, before the organization's new name
			inc.write("content/statements/0/new-one.yaml", "org: entity-4\ndate: 2000-01-05\nquote: Something new.\n")
		}
		inc.write(stmt, orgLine.ReplaceAllString(string(inc.fsys[stmt].Data), "org: "+step.org))
		inc.write(step.file, nameLine.ReplaceAllString(string(inc.fsys[step.file].Data), "name: "+step.name))
		inc.assertSameAsFresh(fmt.Sprintf("step %d: the statement's organization renamed %q", i, step.name))
		if !searchHas(strings.ToLower(step.name)) && !searchHas(step.name) {
			t.Fatalf("step %d: the search index does not name the statement's organization %q", i, step.name)
		}
	}
}

// A whole-site output re-rendered with none of its entries changed is the
// one written last time, and is not emitted again: an article's new date
// re-renders the open data of statements (it reads every document), whose
// entries all stay as they were.
func TestIncrementalUnchangedOpenDataIsNotEmitted(t *testing.T) {
	inc := newGenerated(t, corpus.Options{Articles: 30, Seed: 2}, "", Options{Theme: templates.Default})
	p := "content/articles/0/article-7.md"
	inc.write(p, regexp.MustCompile(`(?m)^date: .*$`).ReplaceAllString(string(inc.fsys[p].Data), "date: 2001-06-15"))
	inc.assertSameAsFresh("an article's new date")
	if !slices.Contains(inc.touched, "data/articles.json") {
		t.Error("the open data of articles, one of which has a new date, was not emitted")
	}
	if slices.Contains(inc.touched, "data/statements.json") {
		t.Error("the open data of statements, all as they were, was emitted again")
	}
}

// A folder moved is its files gone and come again with their IDs: each
// document is updated in place (the graph kept), even those others refer
// to, and one edited on the way is updated as edited.
func TestIncrementalFolderMoved(t *testing.T) {
	inc := newGenerated(t, corpus.Options{Articles: 30, Entities: 25, Tags: 5, Seed: 8}, "", Options{Theme: templates.Default})
	move := func(step, from, to string, edit func(string) string) {
		t.Helper()
		graph := inc.b.graph
		for _, p := range slices.Sorted(maps.Keys(inc.fsys)) {
			if rest, ok := strings.CutPrefix(p, from+"/"); ok {
				f := inc.fsys[p]
				delete(inc.fsys, p)
				if edit != nil {
					f = &fstest.MapFile{Data: []byte(edit(string(f.Data)))}
				}
				inc.fsys[to+"/"+rest] = f
			}
		}
		if !inc.build([]string{from, to}) {
			t.Fatalf("%s: build failed", step)
		}
		if inc.b.graph != graph {
			t.Errorf("%s: the whole site was linked again", step)
		}
		inc.assertSameAsFresh(step)
	}
	move("articles moved", "content/articles/0", "content/articles/archive/0", nil)
	move("statements moved", "content/statements/0", "content/statements/old", nil)
	move("entities moved", "content/entities/bank", "content/entities/banks", nil)
	move("articles moved and edited", "content/articles/archive/0", "content/articles/0", func(text string) string {
		return text + "\nMoved back.\n"
	})
}

// A site linked again (a standalone page comes: its title is in every
// page's navigation) keeps the whole-site outputs' entries whose keys kept
// their versions: they are found by their nodes' keys in the new graph, not
// encoded again.
func TestIncrementalRelinkKeepsEntries(t *testing.T) {
	inc := newGenerated(t, corpus.Options{Articles: 60, Seed: 4}, "", Options{Theme: templates.Default})
	total := inc.b.memo.Encoded()
	graph := inc.b.graph
	encoded := inc.b.memo.Encoded()
	inc.write("content/pages/method.md", "---\ntitle: Method\n---\nHow we follow [[entity-3]].\n")
	if inc.b.graph == graph {
		t.Fatal("a new page did not link the site again: the test needs it to")
	}
	// when the last output's entries were found by index rather than by
	// key, all were encoded again
	if n := inc.b.memo.Encoded() - encoded; n > total/20 {
		t.Errorf("linking again re-encoded %d of %d whole-site entries", n, total)
	}
	inc.assertSameAsFresh("a new page")
}

// Tags and topics come and go in place: batches of one to three documents
// each take a random set of tags from a pool that the site has only partly
// (tags new to the site, tags their last documents leave, a tag emptied and
// taken again in one batch), and new articles with tags of their own come
// and go; each build is compared with a fresh one.
func TestIncrementalTagsComeAndGo(t *testing.T) {
	inc := newGenerated(t, corpus.Options{Articles: 24, Entities: 20, Tags: 4, Seed: 9}, "title: Tags\nbase_url: https://example.org/\npage_size: 3\n", Options{Theme: templates.Default, SearchShardSize: 7})
	rng := rand.New(rand.NewPCG(9, 9))
	pool := []string{"tag-0", "tag-1", "tag-2", "tag-3", "aardvark", "middle", "zebra", "lonely"}
	tagsLine := regexp.MustCompile(`(?m)^(tags|topics): .*$`)
	var docs []string
	for p := range inc.fsys {
		if strings.HasPrefix(p, "content/articles/") || strings.HasPrefix(p, "content/statements/") {
			docs = append(docs, p)
		}
	}
	slices.Sort(docs)
	pick := func() string {
		var tags []string
		for _, i := range rng.Perm(len(pool))[:1+rng.IntN(3)] {
			tags = append(tags, pool[i])
		}
		return "[" + strings.Join(tags, ", ") + "]"
	}
	for step := range 40 {
		graph := inc.b.graph
		var batch []string
		what := ""
		switch rng.IntN(4) {
		case 0: // a new article with a tag of its own, or that article gone
			p := "content/articles/own/own.md"
			if _, ok := inc.fsys[p]; ok {
				delete(inc.fsys, p)
				what = "own article gone"
			} else {
				inc.fsys[p] = &fstest.MapFile{Data: []byte(fmt.Sprintf("---\ntitle: Own\ndate: 2000-0%d-01\ntags: [own-%d]\n---\nAbout [[entity-3]].\n", 1+rng.IntN(9), step))}
				what = "own article"
			}
			batch = append(batch, p)
		default:
			for range 1 + rng.IntN(3) {
				p := docs[rng.IntN(len(docs))]
				text := string(inc.fsys[p].Data)
				if !tagsLine.MatchString(text) {
					continue
				}
				text = tagsLine.ReplaceAllStringFunc(text, func(line string) string {
					key, _, _ := strings.Cut(line, ":")
					return key + ": " + pick()
				})
				inc.fsys[p] = &fstest.MapFile{Data: []byte(text)}
				batch = append(batch, p)
				what += " " + path.Base(p)
			}
		}
		if len(batch) == 0 {
			continue
		}
		if !inc.build(batch) {
			t.Fatalf("step %d (%s): build failed", step, what)
		}
		if inc.b.graph != graph {
			t.Errorf("step %d (%s): linked the whole site again", step, what)
		}
		inc.assertSameAsFresh(fmt.Sprintf("step %d (%s)", step, what))
		if t.Failed() {
			return
		}
	}
}

// An entity's description refers to other documents in place: random
// references to articles, statements (embedded too), other entities, its
// own organization and itself come and go, people change organizations or
// leave them, organizations change kinds, one to three entities a batch,
// each build compared with a fresh one.
func TestIncrementalDescriptionsRetarget(t *testing.T) {
	inc := newGenerated(t, corpus.Options{Articles: 20, Entities: 20, Tags: 4, Seed: 11}, "title: Descriptions\nbase_url: https://example.org/\npage_size: 3\n", Options{Theme: templates.Default})
	rng := rand.New(rand.NewPCG(11, 11))
	description := regexp.MustCompile(`(?m)^description: .*$`)
	orgLine := regexp.MustCompile(`(?m)^org: .*\n?`)
	kindLine := regexp.MustCompile(`(?m)^kind: .*$`)
	orgKinds := []string{"company", "organization", "bank", "regulator"}
	var entities, targets, orgs []string
	for p := range inc.fsys {
		id := strings.TrimSuffix(path.Base(p), path.Ext(p))
		switch {
		case strings.HasPrefix(p, "content/entities/"):
			entities = append(entities, p)
			if !strings.HasPrefix(p, "content/entities/person/") {
				orgs = append(orgs, id)
			}
			targets = append(targets, "[["+id+"]]")
		case strings.HasPrefix(p, "content/articles/"):
			targets = append(targets, "[["+id+"]]")
		case strings.HasPrefix(p, "content/statements/"):
			targets = append(targets, "[["+id+"|a statement]]", "\n\n  ![["+id+"]]\n\n ")
		}
	}
	slices.Sort(entities)
	slices.Sort(targets)
	slices.Sort(orgs)
	for step := range 40 {
		graph := inc.b.graph
		var batch []string
		for range 1 + rng.IntN(3) {
			p := entities[rng.IntN(len(entities))]
			id := strings.TrimSuffix(path.Base(p), path.Ext(p))
			text := string(inc.fsys[p].Data)
			refs := []string{"Words."}
			for range rng.IntN(4) {
				refs = append(refs, targets[rng.IntN(len(targets))])
			}
			if rng.IntN(4) == 0 {
				refs = append(refs, "[["+id+"]]")
			}
			body := "description: |\n  " + strings.Join(refs, " ") + "\n"
			if description.MatchString(text) {
				text = description.ReplaceAllLiteralString(text, strings.TrimSuffix(body, "\n"))
			} else {
				text += body
			}
			if k := kindLine.FindString(text); rng.IntN(3) == 0 && slices.Contains(orgKinds, strings.TrimPrefix(k, "kind: ")) {
				text = strings.Replace(text, k, "kind: "+orgKinds[rng.IntN(len(orgKinds))], 1)
			}
			if strings.Contains(text, "kind: person") {
				org := ""
				if rng.IntN(3) > 0 {
					org = "org: " + orgs[rng.IntN(len(orgs))]
				}
				text = orgLine.ReplaceAllLiteralString(text, "")
				text = strings.Replace(text, "kind: person", strings.TrimSpace("kind: person\n"+org), 1)
			}
			inc.fsys[p] = &fstest.MapFile{Data: []byte(text)}
			batch = append(batch, p)
		}
		if !inc.build(batch) {
			t.Fatalf("step %d: build failed", step)
		}
		if inc.b.graph != graph {
			t.Errorf("step %d: linked the whole site again", step)
		}
		inc.assertSameAsFresh(fmt.Sprintf("step %d (%v)", step, batch))
		if t.Failed() {
			return
		}
	}
}

// A kind that no longer fits how the site refers to an entity (an outlet
// that reported statements, an organization of statements and people made
// a person, a speaker made a company), also as another file of the same
// batch refers to it, is for a whole-site link to report, as a fresh build
// does; the files put back build again.
func TestIncrementalKindsThatDoNotFit(t *testing.T) {
	type edit struct{ file, from, to string }
	for _, tc := range []struct {
		edits []edit
		want  string
	}{
		{[]edit{{"content/entities/wsj.yaml", "kind: outlet", "kind: company"}}, `is a company, not an outlet`},
		{[]edit{{"content/entities/wells-fargo.yaml", "kind: bank", "kind: person"}}, `is a person`},
		{[]edit{{"content/entities/hilary-obyrne.yaml", "kind: person\norg: wells-fargo\nrole: Spokeswoman", "kind: company"}}, `is a company, not a person`},
		// nothing refers to facebook as an organization yet: the batch does
		{[]edit{{"content/entities/facebook.yaml", "kind: company", "kind: person"}, {"content/entities/hilary-obyrne.yaml", "org: wells-fargo", "org: facebook"}}, `"facebook" is a person`},
		{[]edit{{"content/entities/facebook.yaml", "kind: company", "kind: person"}, {"content/statements/wf-obyrne.yaml", "org: wells-fargo", "org: facebook"}}, `"facebook" is a person`},
		{[]edit{{"content/entities/facebook.yaml", "kind: company", "kind: outlet"}, {"content/statements/wf-obyrne.yaml", "speaker: hilary-obyrne", "speaker: facebook"}}, `is an outlet, not a person`},
		{[]edit{{"content/entities/facebook.yaml", "kind: company", "kind: person"}, {"content/entities/newbie.yaml", "", "name: Newbie\nkind: person\norg: facebook\n"}}, `"facebook" is a person`},
	} {
		inc := newIncremental(t, storySite)
		originals := map[string]string{}
		var batch []string
		for _, e := range tc.edits {
			text, ok := originals[e.file]
			if f := inc.fsys[e.file]; !ok && f != nil {
				text = string(f.Data)
				originals[e.file] = text
			}
			if !strings.Contains(text, e.from) {
				t.Fatalf("%s has no %q", e.file, e.from)
			}
			inc.fsys[e.file] = &fstest.MapFile{Data: []byte(strings.Replace(text, e.from, e.to, 1))}
			batch = append(batch, e.file)
		}
		says := func(l diag.List) bool {
			return slices.ContainsFunc(l, func(d diag.Diagnostic) bool { return d.Severity == diag.Error && strings.Contains(d.Msg, tc.want) })
		}
		_, diags := inc.b.Build(inc.fsys, batch, func(render.Output) error { return nil })
		if !says(diags) {
			t.Errorf("%v: %v, want an error saying %q", tc.edits, diags, tc.want)
		}
		if _, fresh := Build(inc.fsys, inc.b.opts); !says(fresh) {
			t.Errorf("%v: a fresh build says %v", tc.edits, fresh)
		}
		for _, e := range tc.edits {
			if text, ok := originals[e.file]; ok {
				inc.fsys[e.file] = &fstest.MapFile{Data: []byte(text)}
			} else {
				delete(inc.fsys, e.file) // new in the batch
			}
		}
		if !inc.build(batch) {
			t.Fatalf("%v: put back, the site does not build", tc.edits)
		}
		inc.assertSameAsFresh(fmt.Sprint(tc.edits, " put back"))
	}
}

// Documents nothing refers to go in batches with other edits and new
// documents, in place; a batch whose edit refers to a document it removes
// is for a whole-site link to report. Each build is compared with a fresh
// one.
func TestIncrementalRemovalsWithEdits(t *testing.T) {
	inc := newGenerated(t, corpus.Options{Articles: 24, Entities: 20, Tags: 4, Seed: 12}, "title: Gone\nbase_url: https://example.org/\npage_size: 3\n", Options{Theme: templates.Default, SearchShardSize: 7})
	rng := rand.New(rand.NewPCG(12, 12))
	tags := []string{"tag-0", "tag-1", "tag-2", "tag-3", "solo", "pair"}
	article := func(i int, body string) []byte {
		return []byte(fmt.Sprintf("---\ntitle: Extra %d\ndate: 200%d-0%d-1%d\ntags: [%s]\nentities: [entity-%d]\n---\nAbout [[entity-%d]]. %s\n",
			i, rng.IntN(9), 1+rng.IntN(9), rng.IntN(9), tags[rng.IntN(len(tags))], rng.IntN(20), rng.IntN(20), body))
	}
	var orgs []string
	for p := range inc.fsys {
		if strings.HasPrefix(p, "content/entities/") && !strings.HasPrefix(p, "content/entities/person/") {
			orgs = append(orgs, strings.TrimSuffix(path.Base(p), path.Ext(p)))
		}
	}
	slices.Sort(orgs)
	statement := func(i int) []byte {
		return []byte(fmt.Sprintf("org: %s\ndate: 200%d-0%d-0%d\nquote: Extra %d.\ntopics: [%s]\nabout: [entity-%d]\n",
			orgs[rng.IntN(len(orgs))], rng.IntN(9), 1+rng.IntN(9), 1+rng.IntN(9), i, tags[rng.IntN(len(tags))], rng.IntN(20)))
	}
	live := map[string]bool{} // the extra documents, which nothing refers to
	next := 0
	add := func() string {
		next++
		p := fmt.Sprintf("content/articles/extra/x-%d.md", next)
		data := article(next, "")
		if next%3 == 0 {
			p, data = fmt.Sprintf("content/statements/extra/y-%d.yaml", next), statement(next)
		}
		inc.fsys[p] = &fstest.MapFile{Data: data}
		live[p] = true
		return p
	}
	var batch []string
	for range 8 {
		batch = append(batch, add())
	}
	if !inc.build(batch) {
		t.Fatal("build failed")
	}
	id := func(p string) string { return strings.TrimSuffix(path.Base(p), path.Ext(p)) }
	for step := range 40 {
		graph := inc.b.graph
		batch = nil
		var gone []string
		for p := range live {
			if len(gone) < 1+rng.IntN(2) && rng.IntN(2) == 0 {
				gone = append(gone, p)
			}
		}
		slices.Sort(gone)
		for _, p := range gone {
			delete(inc.fsys, p)
			delete(live, p)
			batch = append(batch, p)
		}
		dangling := false
		for range rng.IntN(3) {
			switch rng.IntN(3) {
			case 0:
				batch = append(batch, add())
			default: // an edit of an extra article, which may refer to one gone
				var articles []string
				for p := range live {
					if strings.HasSuffix(p, ".md") {
						articles = append(articles, p)
					}
				}
				if len(articles) == 0 {
					continue
				}
				slices.Sort(articles)
				p := articles[rng.IntN(len(articles))]
				if slices.Contains(batch, p) {
					continue // once a batch
				}
				body := fmt.Sprintf("Also [[entity-%d]].", rng.IntN(20))
				if len(gone) > 0 && rng.IntN(4) == 0 {
					body, dangling = "See [["+id(gone[0])+"]].", true
				}
				inc.fsys[p] = &fstest.MapFile{Data: article(step, body)}
				batch = append(batch, p)
			}
		}
		if len(batch) == 0 {
			continue
		}
		what := fmt.Sprintf("step %d (%v)", step, batch)
		ok := inc.build(batch)
		if dangling {
			if ok {
				t.Fatalf("%s: a reference to a document gone built", what)
			}
			// take the references back
			batch = nil
			for p := range live {
				if data := inc.fsys[p].Data; bytes.Contains(data, []byte("See [[")) {
					inc.fsys[p] = &fstest.MapFile{Data: article(step, "")}
					batch = append(batch, p)
				}
			}
			if !inc.build(batch) {
				t.Fatalf("%s: build failed after taking the references back", what)
			}
			inc.assertSameAsFresh(what + ", references taken back")
			continue
		}
		if !ok {
			_, fresh := Build(inc.fsys, inc.b.opts)
			t.Fatalf("%s: build failed; a fresh build says %v", what, fresh)
		}
		if len(gone) > 0 && len(batch) > len(gone) && inc.b.graph != graph {
			t.Errorf("%s: linked the whole site again", what)
		}
		inc.assertSameAsFresh(what)
		if t.Failed() {
			return
		}
	}
}
