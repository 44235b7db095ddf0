package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/dossier-news/dossier/generator/content"
	"github.com/dossier-news/dossier/generator/markdown"
	"github.com/dossier-news/dossier/generator/site"
)

// The whole-site outputs (the search index and the open data) have an entry
// for every document, so every edit changes them. Each entry is encoded on
// its own, recording what it read as pages do, and kept in a Memo: a rebuild
// re-encodes only the entries whose inputs changed and joins the rest.

// Memo keeps the entries of the whole-site outputs from one build to the
// next. It is safe for concurrent use.
type Memo struct {
	mu      sync.Mutex
	outputs map[string]map[string]memoEntry // output path -> node key -> entry
	encoded atomic.Int64
}

type memoEntry struct {
	deps []Dep
	data []byte
}

// NewMemo returns an empty Memo.
func NewMemo() *Memo { return &Memo{outputs: map[string]map[string]memoEntry{}} }

// Encoded is how many entries have been encoded rather than reused, over the
// Memo's life: what a rebuild saves is visible, and testable.
func (m *Memo) Encoded() int64 { return m.encoded.Load() }

// entryWriter joins the entries of one whole-site output, reusing the ones
// the last build encoded when none of their dependencies changed.
type entryWriter struct {
	rec  *recorder
	old  map[string]memoEntry
	next map[string]memoEntry
	buf  bytes.Buffer
	sep  string
	n    int
}

func (rec *recorder) entries(output, sep string) *entryWriter {
	w := &entryWriter{rec: rec, sep: sep}
	if m := rec.r.memo; m != nil {
		m.mu.Lock()
		w.old = m.outputs[output]
		m.mu.Unlock()
		w.next = make(map[string]memoEntry, len(w.old))
	}
	return w
}

// add appends the entry of node n, made by encode with a recorder of its own.
func (w *entryWriter) add(n site.Node, encode func(rec *recorder) ([]byte, error)) error {
	key := site.DocKey(n)
	e, ok := w.old[key]
	if !ok || w.rec.r.Stale(e.deps) {
		sub := &recorder{r: w.rec.r, keys: map[string]struct{}{site.KeySite: {}}}
		data, err := encode(sub)
		if err != nil {
			return err
		}
		e = memoEntry{deps: sub.deps(), data: data}
		if m := w.rec.r.memo; m != nil {
			m.encoded.Add(1)
		}
	}
	if w.next != nil {
		w.next[key] = e
	}
	if w.n > 0 {
		w.buf.WriteString(w.sep)
	}
	w.n++
	w.buf.Write(e.data)
	return nil
}

// done stores the entries for the next build and returns what was joined.
func (w *entryWriter) done(output string) []byte {
	if m := w.rec.r.memo; m != nil {
		m.mu.Lock()
		m.outputs[output] = w.next
		m.mu.Unlock()
	}
	return w.buf.Bytes()
}

// searchTextLimit bounds the text each search entry carries, so the index
// stays small enough to load on a phone as the site grows.
const searchTextLimit = 600

type searchEntry struct {
	Title   string `json:"t"`
	URL     string `json:"u"`
	Kind    string `json:"k"`
	Date    string `json:"d,omitempty"`
	Summary string `json:"s,omitempty"`
	Text    string `json:"x,omitempty"`
}

// searchIndex is a script defining the search entries: a script, not JSON,
// so that search works from file:// and any static host, with no server.
func (rec *recorder) searchIndex() ([]byte, error) {
	const output = "search/index.js"
	g := rec.r.g
	rec.useAllDocs(true)
	w := rec.entries(output, ",")
	w.buf.WriteString("window.DOSSIER_SEARCH = [")
	var err error
	add := func(n site.Node, encode func(sub *recorder) ([]byte, error)) {
		if err == nil {
			err = w.add(n, encode)
		}
	}
	for _, a := range g.Articles {
		add(a, func(sub *recorder) ([]byte, error) {
			sub.use(site.DocKey(a), site.BodyKey(a))
			tags := make([]string, len(a.Tags))
			for i, t := range a.Tags {
				tags[i] = t.Name
			}
			return rec.searchEntry(a, a.Summary, strings.Join(tags, " ")+" "+sub.textPrefix(a.Body, a.Targets, searchTextLimit+1))
		})
	}
	for _, s := range g.Statements {
		add(s, func(sub *recorder) ([]byte, error) {
			sub.link(s) // the attribution names the organization and speaker
			return rec.searchEntry(s, s.Quote, s.Attribution()+" "+s.Role()+" "+s.Stance+" "+s.Channel)
		})
	}
	for _, e := range g.Entities {
		add(e, func(sub *recorder) ([]byte, error) {
			sub.use(site.DocKey(e))
			return rec.searchEntry(e, e.Role, strings.Join(e.Aliases, " ")+" "+e.Entity.Kind+" "+sub.textPrefix(e.Description, e.Targets, searchTextLimit+1))
		})
	}
	for _, p := range g.Pages {
		add(p, func(sub *recorder) ([]byte, error) {
			sub.use(site.DocKey(p), site.BodyKey(p))
			return rec.searchEntry(p, p.Summary, sub.textPrefix(p.Body, p.Targets, searchTextLimit+1))
		})
	}
	if err != nil {
		return nil, err
	}
	data := w.done(output)
	return append(data, "];\n"...), nil
}

func (rec *recorder) searchEntry(n site.Node, summary, text string) ([]byte, error) {
	if len(text) > searchTextLimit {
		text = excerptAt(text, searchTextLimit)
	}
	return json.Marshal(searchEntry{Title: n.Title(), URL: rec.r.url(n), Kind: n.Kind(), Date: n.Date().Human(), Summary: summary, Text: strings.ToLower(text)})
}

// textPrefix is the start of a body as plain text, as text makes it: at least
// limit bytes of it when the text is that long.
func (rec *recorder) textPrefix(b markdown.Body, targets []site.Node, limit int) string {
	return b.PlainTextPrefix(limit, rec.refText(targets))
}

type jsonDate struct {
	content.Date
}

func (d jsonDate) MarshalJSON() ([]byte, error) { return json.Marshal(d.Machine()) }

func ids[T site.Node](list []T) []string {
	out := make([]string, len(list))
	for i, n := range list {
		out[i] = n.NodeID()
	}
	return out
}

// jsonList writes one open-data file: a JSON array of an entry per node, each
// made by encode, indented by one space as encoding the whole list would be.
func jsonList[T site.Node](rec *recorder, output string, nodes []T, encode func(sub *recorder, n T) any) ([]byte, error) {
	rec.useAllDocs(false)
	if len(nodes) == 0 {
		return []byte("[]\n"), nil
	}
	w := rec.entries(output, ",\n ")
	w.buf.WriteString("[\n ")
	for _, n := range nodes {
		err := w.add(n, func(sub *recorder) ([]byte, error) {
			return json.MarshalIndent(encode(sub, n), " ", " ")
		})
		if err != nil {
			return nil, err
		}
	}
	data := w.done(output)
	return append(data, "\n]\n"...), nil
}

func (rec *recorder) articlesJSON() ([]byte, error) {
	type source struct {
		Outlet string    `json:"outlet"`
		Title  string    `json:"title,omitempty"`
		URL    string    `json:"url,omitempty"`
		Date   *jsonDate `json:"date,omitempty"`
	}
	type article struct {
		ID         string    `json:"id"`
		URL        string    `json:"url"`
		Title      string    `json:"title"`
		Date       jsonDate  `json:"date"`
		Updated    *jsonDate `json:"updated,omitempty"`
		Summary    string    `json:"summary,omitempty"`
		Authors    []string  `json:"authors,omitempty"`
		Tags       []string  `json:"tags,omitempty"`
		Entities   []string  `json:"entities,omitempty"`
		Statements []string  `json:"statements,omitempty"`
		Sources    []source  `json:"sources,omitempty"`
	}
	return jsonList(rec, "data/articles.json", rec.r.g.Articles, func(sub *recorder, a *site.Article) any {
		sub.use(site.DocKey(a), site.LinksKey(a))
		v := article{ID: a.Slug, URL: rec.r.abs(a.Path()), Title: a.Title(), Date: jsonDate{a.Date()}, Summary: a.Summary,
			Authors: a.Authors, Tags: ids(a.Tags), Entities: ids(a.Mentions), Statements: ids(a.Cites)}
		if len(v.Authors) == 0 {
			v.Authors = rec.r.g.Site.Authors // as the article's page shows
		}
		if !a.Updated.IsZero() {
			v.Updated = &jsonDate{a.Updated}
		}
		for _, s := range a.Sources {
			src := source{Outlet: s.Source.Outlet.ID, Title: s.Title, URL: s.URL}
			if !s.Date.IsZero() {
				src.Date = &jsonDate{s.Date}
			}
			v.Sources = append(v.Sources, src)
		}
		return v
	})
}

func (rec *recorder) statementsJSON() ([]byte, error) {
	type report struct {
		Outlet string `json:"outlet"`
		URL    string `json:"url,omitempty"`
	}
	type statement struct {
		ID         string   `json:"id"`
		URL        string   `json:"url"`
		Org        string   `json:"org"`
		Speaker    string   `json:"speaker,omitempty"`
		Role       string   `json:"role,omitempty"`
		Date       jsonDate `json:"date"`
		Channel    string   `json:"channel,omitempty"`
		Quote      string   `json:"quote"`
		Paraphrase bool     `json:"paraphrase"`
		Stance     string   `json:"stance,omitempty"`
		About      []string `json:"about,omitempty"`
		Topics     []string `json:"topics,omitempty"`
		ReportedBy []report `json:"reported_by,omitempty"`
		RespondsTo string   `json:"responds_to,omitempty"`
		CitedBy    []string `json:"cited_by,omitempty"`
	}
	return jsonList(rec, "data/statements.json", rec.r.g.Statements, func(sub *recorder, s *site.Statement) any {
		sub.link(s) // the role may be the speaker's
		sub.use(site.LinksKey(s))
		v := statement{ID: s.ID, URL: rec.r.abs(s.Path()), Org: s.Org.ID, Role: s.Role(), Date: jsonDate{s.Date()},
			Channel: s.Channel, Quote: s.Quote, Paraphrase: s.Paraphrase, Stance: s.Stance,
			About: ids(s.About), Topics: ids(s.Topics), CitedBy: ids(s.CitedBy)}
		if s.Speaker != nil {
			v.Speaker = s.Speaker.ID
		}
		if s.RespondsTo != nil {
			v.RespondsTo = s.RespondsTo.NodeID()
		}
		for _, r := range s.ReportedBy {
			v.ReportedBy = append(v.ReportedBy, report{Outlet: r.Outlet.ID, URL: r.URL})
		}
		return v
	})
}

func (rec *recorder) entitiesJSON() ([]byte, error) {
	type entity struct {
		ID          string   `json:"id"`
		URL         string   `json:"url"`
		Name        string   `json:"name"`
		Kind        string   `json:"kind"`
		Aliases     []string `json:"aliases,omitempty"`
		Website     string   `json:"website,omitempty"`
		Description string   `json:"description,omitempty"`
		Org         string   `json:"org,omitempty"`
		Role        string   `json:"role,omitempty"`
	}
	return jsonList(rec, "data/entities.json", rec.r.g.Entities, func(sub *recorder, e *site.Entity) any {
		sub.use(site.DocKey(e))
		v := entity{ID: e.ID, URL: rec.r.abs(e.Path()), Name: e.Name, Kind: e.Entity.Kind, Aliases: e.Aliases,
			Website: e.URL, Description: string(e.Entity.Description.Source), Role: e.Role}
		if e.Org != nil {
			v.Org = e.Org.ID
		}
		return v
	})
}
