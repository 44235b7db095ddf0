package content

import (
	"bytes"
	"fmt"
	"hash/crc32"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/dossier-news/dossier/generator/diag"
	"go.yaml.in/yaml/v3"
)

// ContentDir is the folder of the site's input that holds its content.
const ContentDir = "content"

// SiteFile is the site settings file.
const SiteFile = ContentDir + "/site.yaml"

// Doc is what one content file loads into: exactly one field is set.
type Doc struct {
	Site      *Site
	Article   *Article
	Statement *Statement
	Entity    *Entity
	Page      *Page
}

// Corpus is every document of a site, sorted by ID within each kind.
type Corpus struct {
	Site       Site
	Articles   []*Article
	Statements []*Statement
	Entities   []*Entity
	Pages      []*Page
	// Contested are the IDs two files claim (both reported): the corpus
	// keeps the first, and a reference to one is no one's to resolve, so
	// linking reports nothing more about it.
	Contested map[string]bool
}

// Kind says which collection a path under content/ belongs to, or "" when the
// file is not content (a README, an editor's backup file).
func Kind(p string) string {
	if p == SiteFile {
		return "site"
	}
	rest, ok := strings.CutPrefix(p, ContentDir+"/")
	if !ok || InIgnored(rest) {
		return ""
	}
	dir, _, _ := strings.Cut(rest, "/")
	ext := path.Ext(p)
	switch {
	case dir == "articles" && ext == ".md":
		return "article"
	case dir == "pages" && ext == ".md":
		return "page"
	case dir == "statements" && ext == ".yaml":
		return "statement"
	case dir == "entities" && ext == ".yaml":
		return "entity"
	}
	return ""
}

// InIgnored reports whether the slash-separated path p, or any folder on
// it, is Ignored: ListFiles does not go into an ignored folder, so a file
// in one is none of the site's, whichever way it is named.
func InIgnored(p string) bool {
	for {
		name, rest, more := strings.Cut(p, "/")
		if Ignored(name) {
			return true
		}
		if !more {
			return false
		}
		p = rest
	}
}

// Ignored reports whether a file or folder is an editor's temporary, swap
// or backup file, or hidden, which Dossier never reads.
func Ignored(p string) bool {
	name := path.Base(p)
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") ||
		strings.HasPrefix(name, "#") || strings.HasSuffix(name, ".swp") ||
		strings.HasSuffix(name, ".swx") || strings.HasSuffix(name, ".tmp") ||
		strings.HasSuffix(name, "___jb_tmp___") || strings.HasSuffix(name, "___jb_old___") ||
		name == "4913" // vim's probe file when it checks a directory is writable
}

// ID is the ID the document of the content file p takes: its file's name
// without the extension.
func ID(p string) string { return strings.TrimSuffix(path.Base(p), path.Ext(p)) }

// LoadFile decodes one content file. It is a pure function of the path and
// the bytes, so watch mode can cache its result by content.
func LoadFile(p string, data []byte) (Doc, diag.List) {
	var diags diag.List
	var doc Doc
	kind := Kind(p)
	if kind == "" {
		return doc, nil
	}
	slug := ID(p)
	hash := HashBytes(data)
	// a byte order mark is no character of the text: columns on the first
	// line count from after it, as an editor shows them
	data = checkUTF8(p, bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), &diags)
	switch kind {
	case "site":
		doc.Site = loadSite(p, data, &diags)
	case "article":
		doc.Article = loadArticle(p, slug, data, &diags)
	case "page":
		doc.Page = loadPage(p, slug, data, &diags)
	case "statement":
		doc.Statement = loadStatement(p, slug, data, &diags)
	case "entity":
		doc.Entity = loadEntity(p, slug, data, &diags)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		// one error, not one for each field it lacks
		diags = nil
		diags.AddSuggest(diag.Pos{File: p, Line: 1}, "write at least "+emptyFileNeeds[kind], "the %s file is empty", kind)
	}
	switch {
	case doc.Site != nil:
		doc.Site.Hash = hash
	case doc.Article != nil:
		doc.Article.Hash = hash
	case doc.Page != nil:
		doc.Page.Hash = hash
	case doc.Statement != nil:
		doc.Statement.Hash = hash
	case doc.Entity != nil:
		doc.Entity.Hash = hash
	}
	if kind != "site" {
		if err := CheckID(slug); err != nil {
			diags.AddSuggest(diag.Pos{File: p, Line: 1, Col: 1}, suggestRename(slug), "file name: %v", err)
		}
	}
	return doc, diags
}

// emptyFileNeeds is what an empty file of each kind needs, for its error.
var emptyFileNeeds = map[string]string{
	"site":      "title:",
	"article":   "a front matter (between --- lines) with title: and date:",
	"page":      "a front matter (between --- lines) with title:",
	"statement": "org:, date: and quote:",
	"entity":    "name: and kind:",
}

// checkUTF8 reports the first byte of data that is not UTF-8, where it is,
// and returns data with every such byte made U+FFFD: the rest of the file
// is read as usual, so the one error is not followed by others (a document
// that failed to load, references to it unknown), and the build, failed,
// publishes none of it. Text in another encoding (Latin-1, Windows-1252)
// would otherwise reach the pages as bytes no browser reads as the editor
// meant. A file in UTF-16, marked as such, is the YAML decoder's to read.
func checkUTF8(p string, data []byte, diags *diag.List) []byte {
	if utf8.Valid(data) || bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return data
	}
	at := 0
	for at < len(data) {
		r, size := utf8.DecodeRune(data[at:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		at += size
	}
	line := 1 + bytes.Count(data[:at], []byte{'\n'})
	col := at - bytes.LastIndexByte(data[:at], '\n')
	diags.AddSuggest(diag.Pos{File: p, Line: line, Col: col}, "save it as UTF-8",
		"byte 0x%02X is not UTF-8: the file is saved in another encoding", data[at])
	return bytes.ToValidUTF8(data, []byte("\uFFFD"))
}

// HashBytes is the 64-bit hash Dossier uses to tell versions of a file
// apart: two CRC-32s of its bytes, IEEE's and Castagnoli's, each computed by
// the processor's own instructions where it has them. It must not change
// from one process to the next (a theme's files are named by it in the
// site's URLs), which rules out hash/maphash; FNV-1a, its predecessor, read
// a byte at a time and hashing every content file was 3% of a full build.
func HashBytes(data []byte) uint64 {
	return uint64(crc32.ChecksumIEEE(data))<<32 | uint64(crc32.Checksum(data, castagnoli))
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func suggestRename(slug string) string {
	if s := Slugify(slug); s != "" {
		return fmt.Sprintf("rename the file to %q", s)
	}
	return ""
}

// splitFrontMatter separates the YAML between the opening and closing ---
// lines from the Markdown body, and reports the line the body starts on.
func splitFrontMatter(p string, data []byte, diags *diag.List) (front []byte, body []byte, bodyLine int, ok bool) {
	first, rest, _ := bytes.Cut(data, []byte("\n"))
	if string(bytes.TrimRight(first, " \t\r")) != "---" {
		diags.AddSuggest(diag.Pos{File: p, Line: 1, Col: 1}, "start the file with a line of three hyphens, the YAML front matter, and another line of three hyphens",
			"missing front matter")
		return nil, nil, 0, false
	}
	line := 2
	for off := 0; off <= len(rest); {
		end := bytes.IndexByte(rest[off:], '\n')
		next := len(rest)
		if end >= 0 {
			next = off + end + 1
		}
		l := bytes.TrimRight(rest[off:min(next, len(rest))], " \t\r\n")
		if string(l) == "---" || string(l) == "..." {
			return rest[:off], rest[next:], line + 1, true
		}
		if end < 0 {
			break
		}
		off = next
		line++
	}
	diags.Add(diag.Pos{File: p, Line: 1, Col: 1}, "front matter is not closed: add a line of three hyphens after it")
	return nil, nil, 0, false
}

var siteFields = []string{"title", "description", "base_url", "language", "authors", "page_size"}

func loadSite(p string, data []byte, diags *diag.List) *Site {
	d := &decoder{file: p, diags: diags}
	defer d.done()
	site := &Site{Language: "en", BaseURL: "/", PageSize: 50}
	m := d.parse(data)
	if m == nil {
		return site
	}
	present := d.fields(m, siteFields, func(key string, v *yaml.Node) {
		switch key {
		case "title":
			site.Title = d.text(v, key)
		case "description":
			site.Description = d.str(v)
		case "base_url":
			site.BaseURL = d.str(v)
			if err := CheckExternalURL(site.BaseURL); err != nil && site.BaseURL != "/" {
				d.diags.Add(d.pos(v), "base_url: %v", err)
			}
		case "language":
			site.Language = d.text(v, key)
		case "authors":
			site.Authors = d.strs(v, key)
		case "page_size":
			site.PageSize = d.integer(v)
			if site.PageSize < 1 {
				d.diags.Add(d.pos(v), "page_size must be at least 1")
				site.PageSize = 50
			}
		}
	})
	d.require(m, present, "site.yaml", "title")
	return site
}

var articleFields = []string{"title", "date", "updated", "summary", "authors", "tags", "entities", "sources", "corrections", "draft"}

func loadArticle(p, slug string, data []byte, diags *diag.List) *Article {
	a := &Article{Slug: slug, File: p}
	front, body, bodyLine, ok := splitFrontMatter(p, data, diags)
	if !ok {
		return a
	}
	a.Body = Markdown{Source: body, File: p, StartLine: bodyLine, StartCol: 1}
	a.MetaHash = HashBytes(front)
	d := &decoder{file: p, lineOff: 1, diags: diags}
	defer d.done()
	m := d.parse(front)
	if m == nil {
		return a
	}
	var updatedPos diag.Pos
	present := d.fields(m, articleFields, func(key string, v *yaml.Node) {
		switch key {
		case "title":
			a.Title = d.text(v, key)
		case "date":
			a.Date = d.date(v)
		case "updated":
			a.Updated = d.date(v)
			updatedPos = d.pos(v)
		case "summary":
			a.Summary = strings.TrimSpace(d.str(v))
		case "authors":
			a.Authors = d.strs(v, key)
		case "tags":
			a.Tags = d.tags(v)
		case "entities":
			a.Entities = d.refs(v)
		case "sources":
			for _, item := range d.list(v) {
				a.Sources = append(a.Sources, d.source(item))
			}
		case "corrections":
			for _, item := range d.list(v) {
				a.Corrections = append(a.Corrections, d.correction(item))
			}
		case "draft":
			a.Draft = d.boolean(v)
		}
	})
	d.require(m, present, "article", "title", "date")
	if !a.Updated.IsZero() && !a.Date.IsZero() && a.Updated.Compare(a.Date) < 0 {
		diags.Add(updatedPos, "updated (%s) is before date (%s)", a.Updated.Machine(), a.Date.Machine())
	}
	return a
}

func (d *decoder) mapping(n *yaml.Node, what string) bool {
	if n.Kind != yaml.MappingNode {
		d.diags.Add(d.pos(n), "expected a %s (a mapping), found %s", what, describe(n))
		return false
	}
	return true
}

var sourceFields = []string{"outlet", "title", "url", "date"}

func (d *decoder) source(n *yaml.Node) Source {
	var s Source
	if !d.mapping(n, "source") {
		return s
	}
	present := d.fields(n, sourceFields, func(key string, v *yaml.Node) {
		switch key {
		case "outlet":
			s.Outlet = d.ref(v)
		case "title":
			s.Title = d.text(v, key)
		case "url":
			s.URL = d.url(v)
		case "date":
			s.Date = d.date(v)
		}
	})
	d.require(n, present, "source", "outlet")
	return s
}

var correctionFields = []string{"date", "text"}

func (d *decoder) correction(n *yaml.Node) Correction {
	var c Correction
	if !d.mapping(n, "correction") {
		return c
	}
	present := d.fields(n, correctionFields, func(key string, v *yaml.Node) {
		switch key {
		case "date":
			c.Date = d.date(v)
		case "text":
			c.Text = d.text(v, key)
		}
	})
	d.require(n, present, "correction", "date", "text")
	return c
}

var pageFields = []string{"title", "summary", "draft"}

func loadPage(p, slug string, data []byte, diags *diag.List) *Page {
	pg := &Page{Slug: slug, File: p}
	front, body, bodyLine, ok := splitFrontMatter(p, data, diags)
	if !ok {
		return pg
	}
	pg.Body = Markdown{Source: body, File: p, StartLine: bodyLine, StartCol: 1}
	pg.MetaHash = HashBytes(front)
	d := &decoder{file: p, lineOff: 1, diags: diags}
	defer d.done()
	m := d.parse(front)
	if m == nil {
		return pg
	}
	present := d.fields(m, pageFields, func(key string, v *yaml.Node) {
		switch key {
		case "title":
			pg.Title = d.text(v, key)
		case "summary":
			pg.Summary = strings.TrimSpace(d.str(v))
		case "draft":
			pg.Draft = d.boolean(v)
		}
	})
	d.require(m, present, "page", "title")
	return pg
}

var statementFields = []string{"org", "speaker", "role", "date", "channel", "quote", "paraphrase", "stance", "about", "topics", "reported_by", "responds_to"}

func loadStatement(p, id string, data []byte, diags *diag.List) *Statement {
	s := &Statement{ID: id, File: p}
	d := &decoder{file: p, diags: diags}
	defer d.done()
	m := d.parse(data)
	if m == nil {
		return s
	}
	present := d.fields(m, statementFields, func(key string, v *yaml.Node) {
		switch key {
		case "org":
			s.Org = d.ref(v)
		case "speaker":
			s.Speaker = d.ref(v)
		case "role":
			s.Role = d.text(v, key)
		case "date":
			s.Date = d.date(v)
		case "channel":
			s.Channel = d.text(v, key)
			if s.Channel != "" && !contains(Channels, s.Channel) {
				d.diags.AddSuggest(d.pos(v), suggestValue(s.Channel, Channels), "unknown channel %q: one of %s", s.Channel, strings.Join(Channels, ", "))
			}
		case "quote":
			s.Quote = d.text(v, key)
		case "paraphrase":
			s.Paraphrase = d.boolean(v)
		case "stance":
			s.Stance = d.text(v, key)
			if s.Stance != "" && CheckID(s.Stance) != nil {
				d.diags.AddSuggest(d.pos(v), suggestID(s.Stance), "stance %q: a stance is one lower-case word, or words joined by hyphens", s.Stance)
			}
		case "about":
			s.About = d.refs(v)
		case "topics":
			s.Topics = d.tags(v)
		case "reported_by":
			for _, item := range d.list(v) {
				s.ReportedBy = append(s.ReportedBy, d.report(item))
			}
		case "responds_to":
			s.RespondsTo = d.ref(v)
		}
	})
	d.require(m, present, "statement", "org", "date", "quote")
	return s
}

var reportFields = []string{"outlet", "url"}

func (d *decoder) report(n *yaml.Node) Report {
	var r Report
	if !d.mapping(n, "report") {
		return r
	}
	present := d.fields(n, reportFields, func(key string, v *yaml.Node) {
		switch key {
		case "outlet":
			r.Outlet = d.ref(v)
		case "url":
			r.URL = d.url(v)
		}
	})
	d.require(n, present, "reported_by entry", "outlet")
	return r
}

var entityFields = []string{"name", "kind", "aliases", "url", "description", "org", "role"}

func loadEntity(p, id string, data []byte, diags *diag.List) *Entity {
	e := &Entity{ID: id, File: p}
	d := &decoder{file: p, diags: diags}
	defer d.done()
	m := d.parse(data)
	if m == nil {
		return e
	}
	var orgNode, roleNode *yaml.Node
	present := d.fields(m, entityFields, func(key string, v *yaml.Node) {
		switch key {
		case "name":
			e.Name = d.text(v, key)
		case "kind":
			e.Kind = d.str(v)
			if v.Kind == yaml.ScalarNode && !contains(Kinds, e.Kind) {
				d.diags.AddSuggest(d.pos(v), suggestValue(e.Kind, Kinds), "unknown kind %q: one of person, company, bank, outlet, regulator, organization", e.Kind)
			}
		case "aliases":
			e.Aliases = d.strs(v, key)
		case "url":
			e.URL = d.url(v)
		case "description":
			e.Description = d.markdown(v)
		case "org":
			orgNode = v
			e.Org = d.ref(v)
		case "role":
			roleNode = v
			e.Role = d.text(v, key)
		}
	})
	d.require(m, present, "entity", "name", "kind")
	if e.Kind != KindPerson && e.Kind != "" {
		for _, n := range []*yaml.Node{orgNode, roleNode} {
			if n != nil {
				d.diags.Add(d.pos(n), "only a person has an org and a role; this entity is of kind %q", e.Kind)
			}
		}
	}
	return e
}

// Load reads every content file under content/ in fsys, decoding them in
// parallel, and checks what needs the whole set: that IDs are unique across
// articles, statements and entities, and page slugs among pages.
func Load(fsys fs.FS) (*Corpus, diag.List) {
	paths, diags := ListFiles(fsys)
	docs := make([]Doc, len(paths))
	fileDiags := make([]diag.List, len(paths))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				data, err := fs.ReadFile(fsys, paths[i])
				if err != nil {
					fileDiags[i].Add(diag.Pos{File: paths[i]}, "read: %v", err)
					continue
				}
				docs[i], fileDiags[i] = LoadFile(paths[i], data)
			}
		})
	}
	for i := range paths {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, l := range fileDiags {
		diags = append(diags, l...)
	}
	corpus, more := Assemble(docs)
	return corpus, append(diags, more...)
}

// ListFiles lists the content files under content/, sorted, and reports
// files that are neither content nor ignorable, and a missing site.yaml.
func ListFiles(fsys fs.FS) ([]string, diag.List) {
	paths, diags := listFolder(fsys, ContentDir)
	if !contains(paths, SiteFile) {
		diags.AddSuggest(diag.Pos{File: SiteFile}, "create it with at least a title: line", "missing site settings file")
	}
	sort.Strings(paths)
	return paths, diags
}

// FilesIn lists the content files in folder dir, at any depth, as
// ListFiles finds them: none outside content/, none in a folder ListFiles
// passes over (an ignored name, or a symbolic link, which it does not
// follow).
func FilesIn(fsys fs.FS, dir string) []string {
	rest, ok := strings.CutPrefix(dir, ContentDir)
	if !ok || rest != "" && rest[0] != '/' {
		return nil
	}
	if rest != "" && InIgnored(rest[1:]) || !InFolders(fsys, dir) {
		return nil
	}
	paths, _ := listFolder(fsys, dir)
	sort.Strings(paths)
	return paths
}

// InFolders reports whether every folder on the path p below content/, p
// included, is one (Lstat), not a symbolic link, which ListFiles does not
// follow.
func InFolders(fsys fs.FS, p string) bool {
	rest, _ := strings.CutPrefix(p, ContentDir)
	folder := ContentDir
	for name := range strings.SplitSeq(strings.TrimPrefix(rest, "/"), "/") {
		if name == "" {
			continue
		}
		folder += "/" + name
		if info, err := fs.Lstat(fsys, folder); err != nil || !info.IsDir() {
			return false
		}
	}
	return true
}

// listFolder lists the content files under dir, skipping hidden folders
// below it, and reports files that are neither content nor ignorable.
func listFolder(fsys fs.FS, dir string) ([]string, diag.List) {
	var paths []string
	var diags diag.List
	err := fs.WalkDir(fsys, dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			diags.Add(diag.Pos{File: p}, "read: %v", err)
			return nil
		}
		if e.IsDir() {
			if p != dir && Ignored(p) {
				return fs.SkipDir // hidden, or an editor's or tool's
			}
			return nil
		}
		if Kind(p) != "" {
			paths = append(paths, p)
		} else if !Ignored(p) {
			diags.Warn(diag.Pos{File: p}, "not a content file, ignored: articles and pages are .md, statements and entities .yaml")
		}
		return nil
	})
	if err != nil {
		diags.Add(diag.Pos{File: dir}, "read: %v", err)
	}
	return paths, diags
}

// Assemble gathers loaded documents into a corpus and reports IDs claimed by
// two files, naming both.
func Assemble(docs []Doc) (*Corpus, diag.List) {
	var diags diag.List
	c := &Corpus{Site: Site{Language: "en", BaseURL: "/", PageSize: 50}}
	owner := map[string]string{}
	claim := func(id, file string) bool {
		if first, ok := owner[id]; ok {
			// named at both files: which is the new one, the build cannot tell
			for _, f := range [][2]string{{first, file}, {file, first}} {
				diags.AddSuggest(diag.Pos{File: f[0], Line: 1, Col: 1}, "rename one of the two: a file's name is its ID",
					"%s also has the ID %q: articles, statements and entities share their IDs", f[1], id)
			}
			if c.Contested == nil {
				c.Contested = map[string]bool{}
			}
			c.Contested[id] = true
			return false
		}
		owner[id] = file
		return true
	}
	pageOwner := map[string]string{}
	for _, d := range docs {
		switch {
		case d.Site != nil:
			c.Site = *d.Site
		case d.Article != nil:
			if claim(d.Article.Slug, d.Article.File) {
				c.Articles = append(c.Articles, d.Article)
			}
		case d.Statement != nil:
			if claim(d.Statement.ID, d.Statement.File) {
				c.Statements = append(c.Statements, d.Statement)
			}
		case d.Entity != nil:
			if claim(d.Entity.ID, d.Entity.File) {
				c.Entities = append(c.Entities, d.Entity)
			}
		case d.Page != nil:
			if first, ok := pageOwner[d.Page.Slug]; ok {
				diags.Add(diag.Pos{File: d.Page.File, Line: 1, Col: 1}, "page %q is already defined by %s", d.Page.Slug, first)
				continue
			}
			pageOwner[d.Page.Slug] = d.Page.File
			c.Pages = append(c.Pages, d.Page)
		}
	}
	sort.Slice(c.Articles, func(i, j int) bool { return c.Articles[i].Slug < c.Articles[j].Slug })
	sort.Slice(c.Statements, func(i, j int) bool { return c.Statements[i].ID < c.Statements[j].ID })
	sort.Slice(c.Entities, func(i, j int) bool { return c.Entities[i].ID < c.Entities[j].ID })
	sort.Slice(c.Pages, func(i, j int) bool { return c.Pages[i].Slug < c.Pages[j].Slug })
	return c, diags
}
