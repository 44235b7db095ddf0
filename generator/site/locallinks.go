package site

import (
	"path"
	"strings"

	"github.com/dossier-news/dossier/generator/diag"
	"github.com/dossier-news/dossier/generator/markdown"
)

// CheckLocalLinks reports each link or image in a body that leads to no
// output of the site (exists says whether a file of the output, a
// slash-separated path such as "articles/x/index.html", is one): a
// document's references are checked as it is linked, but a Markdown link
// written as a path is known good only once the site's outputs are.
func (g *Graph) CheckLocalLinks(exists func(output string) bool) diag.List {
	var diags diag.List
	check := func(n Node, file string, body markdown.Body) {
		for _, l := range body.Links {
			target, ok := resolveLocal(n.Path(), l.Path)
			switch {
			case ok && g.inContested(target):
				// the document's folder, whose ID two files claim: reported
				// as such, and no page until one is renamed
			case !ok:
				diags.Add(l.At(file), "link %q leads out of the site", l.Path)
			case !exists(target) && !exists(path.Join(target, "index.html")):
				diags.AddSuggest(l.At(file), "link a document with [[id]], which is checked and follows it when it moves",
					"link %q leads to no page or file of the site", l.Path)
			}
		}
	}
	for n := range g.linkers {
		switch n := n.(type) {
		case *Article:
			if g.byID[n.Slug] != n {
				delete(g.linkers, n) // gone from the site
				continue
			}
			check(n, n.File, n.Body)
		case *Entity:
			if g.byID[n.ID] != n {
				delete(g.linkers, n)
				continue
			}
			check(n, n.File, n.Description)
		case *Page:
			check(n, n.File, n.Body) // pages come and go with a new graph
		}
	}
	return diags
}

// noteLinks records whether n, with body, is a document CheckLocalLinks
// reads: looking at every one on each rebuild, most with no such link,
// took 1.5 ms at 10,000 articles, half of what a changed link takes.
func (g *Graph) noteLinks(n Node, body markdown.Body) {
	switch {
	case len(body.Links) > 0:
		if g.linkers == nil {
			g.linkers = map[Node]bool{}
		}
		g.linkers[n] = true
	case g.linkers != nil:
		delete(g.linkers, n)
	}
}

// resolveLocal is the output path a link to dest leads to from the page at
// from (a folder, "articles/x/"), as a browser resolves it: from the site's
// root when dest starts with a slash (the renderer puts such links under
// the base URL's path), else from the page's folder. False when it climbs
// out of the site.
func resolveLocal(from, dest string) (string, bool) {
	if !strings.HasPrefix(dest, "/") {
		dest = from + dest
	}
	// cleaned without its root, a path that climbs out keeps its ".."
	clean := path.Clean(strings.TrimPrefix(dest, "/"))
	switch {
	case clean == ".." || strings.HasPrefix(clean, "../"):
		return "", false
	case clean == ".":
		return "", true
	}
	return clean, true
}

// inContested reports whether target is in the folder a document whose ID
// is contested would have: "entities/wells-fargo/", "articles/wells-fargo/feed.xml".
func (g *Graph) inContested(target string) bool {
	for id := range g.contested {
		for _, kind := range []string{"article", "statement", "entity"} {
			if strings.HasPrefix(target+"/", pagePath(kind, id)) {
				return true
			}
		}
	}
	return false
}
