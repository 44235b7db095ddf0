package render

import (
	"sync"

	"github.com/dossier-news/dossier/generator/site"
)

// releasedHTML holds, for a renderer that renders once, the articles' HTML
// taken out of the graph, and lets each go as soon as every output showing
// it (the article's page, and the site's feed for the latest articles) has
// read it. Held to the end, the bodies were a third of a 10,000-article
// build's live memory.
type releasedHTML struct {
	mu      sync.Mutex
	pending map[*site.Article]*heldHTML
}

type heldHTML struct {
	chunks  []string
	readers int // outputs still to read the chunks
}

// holdArticleHTML moves every article's HTML out of the graph into r, to be
// handed to its readers by articleHTML. feed lists the nodes of the site's
// feed, which shows whole articles.
func (r *Renderer) holdArticleHTML(feed []site.Node) {
	r.released = &releasedHTML{pending: make(map[*site.Article]*heldHTML, len(r.g.Articles))}
	for _, a := range r.g.Articles {
		r.released.pending[a] = &heldHTML{chunks: a.Body.Chunks, readers: 1}
		a.Body.Chunks = nil
	}
	for _, n := range feed {
		if a, ok := n.(*site.Article); ok {
			r.released.pending[a].readers++
		}
	}
}

// articleHTML returns an article's HTML chunks (see markdown.Body) for one
// of the outputs that show them.
func (r *Renderer) articleHTML(a *site.Article) []string {
	if r.released == nil {
		return a.Body.Chunks
	}
	r.released.mu.Lock()
	defer r.released.mu.Unlock()
	held, ok := r.released.pending[a]
	if !ok {
		// a renderer that renders once renders each output once
		panic("render: the HTML of article " + a.Slug + " was read by more outputs than show it")
	}
	held.readers--
	if held.readers == 0 {
		delete(r.released.pending, a)
	}
	return held.chunks
}
