package build

import (
	"encoding/xml"
	"net/url"
	"os"
	"path"
	"sort"
	"strings"
	"testing"

	"github.com/dossier-news/dossier/templates"
	"golang.org/x/net/html"
)

// buildRealSite builds the story this project tracks, from the repository's
// own content/ and templates/.
func buildRealSite(t *testing.T) map[string][]byte {
	t.Helper()
	out, diags := Build(os.DirFS("../.."), Options{Theme: templates.Default})
	if diags.HasErrors() {
		t.Fatalf("the real site does not build:\n%s", formatDiags(diags))
	}
	for _, d := range diags {
		t.Errorf("warning in the real site: %s", d)
	}
	return out
}

type parsedPage struct {
	ids   map[string]bool
	links []string // href and src values
}

func parsePage(t *testing.T, name string, data []byte) parsedPage {
	t.Helper()
	if !strings.HasPrefix(string(data), "<!doctype html>") && !strings.HasPrefix(string(data), "<!DOCTYPE html>") {
		t.Errorf("%s: does not start with a doctype", name)
	}
	doc, err := html.Parse(strings.NewReader(string(data)))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	p := parsedPage{ids: map[string]bool{}}
	titles, mains := 0, 0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "title":
				if n.FirstChild != nil && strings.TrimSpace(n.FirstChild.Data) != "" {
					titles++
				}
			case "main":
				mains++
			}
			for _, a := range n.Attr {
				switch a.Key {
				case "id":
					if p.ids[a.Val] {
						t.Errorf("%s: duplicate id %q", name, a.Val)
					}
					p.ids[a.Val] = true
				case "href", "src":
					p.links = append(p.links, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if titles != 1 || mains != 1 {
		t.Errorf("%s: %d titles and %d main elements, want one each", name, titles, mains)
	}
	return p
}

// TestRealSiteLinksResolve checks that every href and src in every page of
// the real site points to an output file (and fragment) that exists.
func TestRealSiteLinksResolve(t *testing.T) {
	out := buildRealSite(t)
	const base = "https://dossier.example.org/"
	pages := map[string]parsedPage{}
	var names []string
	for name, data := range out {
		if strings.HasSuffix(name, ".html") {
			pages[name] = parsePage(t, name, data)
			names = append(names, name)
		}
	}
	sort.Strings(names)
	checked := 0
	for _, name := range names {
		for _, link := range pages[name].links {
			u, err := url.Parse(link)
			if err != nil {
				t.Errorf("%s: bad URL %q", name, link)
				continue
			}
			if u.Scheme == "javascript" || u.Scheme == "data" {
				t.Errorf("%s: dangerous URL %q", name, link)
			}
			if u.IsAbs() && !strings.HasPrefix(link, base) {
				continue // another site: not ours to check
			}
			target := strings.TrimPrefix(strings.TrimPrefix(link, base), "/")
			target = strings.SplitN(strings.SplitN(target, "#", 2)[0], "?", 2)[0]
			switch {
			case target == "" && !strings.HasPrefix(link, "/") && !strings.HasPrefix(link, base):
				target = name // a fragment of this page
			case target == "" || strings.HasSuffix(target, "/"):
				target += "index.html"
			}
			if !strings.HasPrefix(link, "/") && !strings.HasPrefix(link, base) && !strings.HasPrefix(link, "#") {
				target = path.Join(path.Dir(name), target) // relative link
			}
			if _, ok := out[target]; !ok {
				t.Errorf("%s: link %q points to %s, which is not built", name, link, target)
				continue
			}
			if u.Fragment != "" && strings.HasSuffix(target, ".html") && !pages[target].ids[u.Fragment] {
				t.Errorf("%s: link %q: %s has no id %q", name, link, target, u.Fragment)
			}
			checked++
		}
	}
	if checked < 500 {
		t.Errorf("only %d links checked; the real site should have many more", checked)
	}
	t.Logf("%d pages, %d internal links checked", len(pages), checked)
}

func TestRealSiteFeedsAreAtom(t *testing.T) {
	out := buildRealSite(t)
	feeds := 0
	for name, data := range out {
		if !strings.HasSuffix(name, ".xml") || name == "sitemap.xml" {
			continue
		}
		var feed struct {
			XMLName xml.Name
			Title   string `xml:"title"`
			ID      string `xml:"id"`
			Updated string `xml:"updated"`
			Entries []struct {
				ID      string `xml:"id"`
				Title   string `xml:"title"`
				Updated string `xml:"updated"`
			} `xml:"entry"`
		}
		if err := xml.Unmarshal(data, &feed); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if feed.XMLName.Space != "http://www.w3.org/2005/Atom" || feed.XMLName.Local != "feed" || feed.Title == "" || feed.ID == "" || feed.Updated == "" {
			t.Errorf("%s: not a valid Atom feed", name)
		}
		for _, e := range feed.Entries {
			if e.ID == "" || e.Title == "" || e.Updated == "" {
				t.Errorf("%s: entry without id, title or updated: %+v", name, e)
			}
		}
		feeds++
	}
	if feeds < 2 {
		t.Errorf("%d feeds, want the site's and one per entity", feeds)
	}
}

// TestRealSiteStatementsLinkedBothWays checks that every statement page is
// linked from its organization's page and from every article embedding it.
func TestRealSiteStatementsLinkedBothWays(t *testing.T) {
	out := buildRealSite(t)
	fsys := os.DirFS("../..")
	statements, _ := fsglob(fsys, "content/statements")
	if len(statements) < 8 {
		t.Fatalf("only %d statements in the real content", len(statements))
	}
	for _, file := range statements {
		id := strings.TrimSuffix(path.Base(file), ".yaml")
		data, _ := os.ReadFile("../../" + file)
		org := ""
		for _, line := range strings.Split(string(data), "\n") {
			if v, ok := strings.CutPrefix(line, "org: "); ok {
				org = strings.TrimSpace(v)
			}
		}
		href := `href="/statements/` + id + `/"`
		if !strings.Contains(string(out["entities/"+org+"/index.html"]), href) {
			t.Errorf("statement %s is not linked from its organization's page (%s)", id, org)
		}
		articles, _ := fsglob(fsys, "content/articles")
		for _, a := range articles {
			src, _ := os.ReadFile("../../" + a)
			if strings.Contains(string(src), "![["+id+"]]") {
				page := "articles/" + strings.TrimSuffix(path.Base(a), ".md") + "/index.html"
				if !strings.Contains(string(out[page]), href) {
					t.Errorf("statement %s is embedded in %s but not linked from it", id, page)
				}
				if !strings.Contains(string(out["statements/"+id+"/index.html"]), `href="/`+strings.TrimSuffix(page, "index.html")+`"`) {
					t.Errorf("statement %s does not list %s, which embeds it", id, page)
				}
			}
		}
	}
}
