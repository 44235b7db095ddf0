package render

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/dossier-news/dossier/generator/content"
	"github.com/dossier-news/dossier/generator/diag"
	"github.com/dossier-news/dossier/generator/fastexec"
)

// TemplatesDir is the folder of a site's own templates, which override the
// default theme file by file.
const TemplatesDir = "templates"

// Layout files every page template is parsed with.
const (
	layoutFile   = "layout.html"
	partialsFile = "partials.html"
)

// fragmentPartials are the partials the renderer executes on their own, as
// fragments reused by many pages.
var fragmentPartials = []string{"site-header", "site-footer", "quotation", "card", "item"}

// pageTemplates are the page templates a theme must have.
var pageTemplates = []string{"home.html", "article.html", "statement.html", "entity.html", "list.html", "entities.html", "tags.html", "page.html", "search.html", "404.html"}

// Theme is a parsed set of templates and the static files that go with them.
type Theme struct {
	pages map[string]*template.Template
	// Files maps each template and static file name to its version.
	Files map[string]uint64
	// Static lists the static files, by their path under static/.
	Static []StaticFile
	// Sources maps each file name to where it was read from, for messages.
	Sources map[string]string
	// partialBuffers are reused by partial: a new buffer for each of a
	// build's 100,000 fragments grew several times, 100 MB of garbage.
	partialBuffers sync.Pool
	// fastPages and fastPartials run the templates html/template escaped,
	// by page template and by partial name, where the fast executor can
	// (see fastexec.Template); slowRuns counts the executions it handed
	// back to html/template.
	fastPages    map[string]*fastexec.Template
	fastPartials map[string]*fastexec.Template
	slowRuns     atomic.Int64
	// quotations says the theme defines the "quotation" partial, which
	// statements' cards and pages print as .Quotation
	quotations bool
}

// StaticFile is a file copied as it is into the output.
type StaticFile struct {
	Path string // relative to static/, like "style.css"
	Data []byte
	Hash uint64
}

// themeFile is one file of the merged theme: the site's if it has one, the
// default theme's otherwise.
type themeFile struct {
	name   string // relative to the theme root
	source string // where it was read from, for messages
	data   []byte
}

// readTheme merges the site's templates/ folder (if any) over the default
// theme, returning every file by name.
func readTheme(site fs.FS, def fs.FS) (map[string]themeFile, diag.List) {
	var diags diag.List
	files := map[string]themeFile{}
	add := func(fsys fs.FS, root, label string) {
		err := fs.WalkDir(fsys, root, func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) && p == root {
					return fs.SkipDir
				}
				diags.Add(diag.Pos{File: path.Join(label, p)}, "read: %v", err)
				return nil
			}
			if e.IsDir() {
				if p != root && content.Ignored(p) {
					return fs.SkipDir // hidden, or an editor's: as in content/ (and not watched)
				}
				return nil
			}
			if content.Ignored(p) || strings.HasSuffix(p, ".go") {
				return nil
			}
			data, err := fs.ReadFile(fsys, p)
			if err != nil {
				diags.Add(diag.Pos{File: path.Join(label, p)}, "read: %v", err)
				return nil
			}
			name := strings.TrimPrefix(strings.TrimPrefix(p, root), "/")
			files[name] = themeFile{name: name, source: path.Join(label, name), data: data}
			return nil
		})
		if err != nil {
			diags.Add(diag.Pos{File: label}, "read: %v", err)
		}
	}
	if def != nil {
		add(def, ".", "(default theme) templates")
	}
	if site != nil {
		add(site, TemplatesDir, TemplatesDir)
	}
	return files, diags
}

// Funcs are the functions templates can call besides html/template's own.
var Funcs = template.FuncMap{
	"join": strings.Join,
}

var templateErrRE = regexp.MustCompile(`^template: ([^:]+):(\d+):(?:(\d+):)? ?(.*)$`)

// templateDiag turns an html/template error into a diagnostic at its line.
func templateDiag(err error, sources map[string]string) diag.Diagnostic {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "html/template:")
	if m := templateErrRE.FindStringSubmatch(strings.TrimSpace(msg)); m != nil {
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		if m[3] != "" {
			col++ // text/template counts columns from 0
		}
		file := sources[m[1]]
		if file == "" {
			file = m[1]
		}
		return diag.Diagnostic{Pos: diag.Pos{File: file, Line: line, Col: col}, Msg: m[4]}
	}
	return diag.Diagnostic{Pos: diag.Pos{File: TemplatesDir}, Msg: msg}
}

// RenderDiag turns an error of rendering (see Renderer.RenderAll) into a
// diagnostic at the template line it names, like a parse error's, saying
// which output was being rendered.
func (t *Theme) RenderDiag(err error) diag.Diagnostic {
	msg := err.Error()
	output := ""
	if rest, ok := strings.CutPrefix(msg, "render "); ok {
		if path, inner, ok := strings.Cut(rest, ": "); ok {
			output, msg = path, inner
		}
	}
	d := templateDiag(errors.New(msg), t.Sources)
	if output != "" {
		d.Msg += " (rendering " + output + ")"
	}
	return d
}

// LoadTheme parses the theme: the site's templates/ over the default one.
// When no file differs from prev's, it returns prev: parsing, and the
// escaping analysis html/template makes on first use, cost more than
// rendering a few pages, which is all a small rebuild does.
func LoadTheme(site fs.FS, def fs.FS, prev *Theme) (*Theme, diag.List) {
	files, diags := readTheme(site, def)
	if prev != nil && len(prev.Files) == len(files) && !diags.HasErrors() {
		same := true
		for name, f := range files {
			if v, ok := prev.Files[name]; !ok || v != content.HashBytes(f.data) {
				same = false
				break
			}
		}
		if same {
			return prev, diags
		}
	}
	t := &Theme{
		pages: map[string]*template.Template{}, Files: map[string]uint64{}, Sources: map[string]string{},
		fastPages: map[string]*fastexec.Template{}, fastPartials: map[string]*fastexec.Template{},
	}
	for name, f := range files {
		t.Files[name] = content.HashBytes(f.data)
		t.Sources[name] = f.source
		if rest, ok := strings.CutPrefix(name, "static/"); ok {
			t.Static = append(t.Static, StaticFile{Path: rest, Data: f.data, Hash: t.Files[name]})
		}
	}
	sort.Slice(t.Static, func(i, j int) bool { return t.Static[i].Path < t.Static[j].Path })
	base := template.New(layoutFile).Funcs(Funcs)
	for _, name := range []string{layoutFile, partialsFile} {
		f, ok := files[name]
		if !ok {
			diags.Add(diag.Pos{File: path.Join(TemplatesDir, name)}, "missing template %s", name)
			return t, diags
		}
		tpl := base
		if name != layoutFile {
			tpl = base.New(name)
		}
		if _, err := tpl.Parse(string(f.data)); err != nil {
			diags = append(diags, templateDiag(err, t.Sources))
			return t, diags
		}
	}
	for _, name := range pageTemplates {
		f, ok := files[name]
		if !ok {
			diags.Add(diag.Pos{File: path.Join(TemplatesDir, name)}, "missing template %s", name)
			continue
		}
		clone, err := base.Clone()
		if err == nil {
			clone = clone.Funcs(Funcs) // Clone does not carry parse-time functions over
		}
		if err == nil {
			_, err = clone.New(name).Parse(string(f.data))
		}
		if err == nil {
			// Execute once on nothing: html/template escapes lazily, so this
			// surfaces escaping errors now rather than on the first page.
			if err = clone.ExecuteTemplate(&bytes.Buffer{}, layoutFile, nil); !isEscapeErr(err) {
				err = nil
			}
		}
		if err != nil {
			diags = append(diags, templateDiag(err, t.Sources))
			continue
		}
		t.pages[name] = clone
		if ft := fastexec.Compile(clone, layoutFile, Funcs); ft != nil {
			t.fastPages[name] = ft
		}
	}
	if set := t.pages["article.html"]; set != nil {
		t.quotations = set.Lookup("quotation") != nil
		for _, name := range fragmentPartials {
			// executed once so that html/template escapes it; an escaping
			// error leaves it to html/template, which reports it when used
			if err := set.ExecuteTemplate(io.Discard, name, nil); isEscapeErr(err) {
				continue
			}
			if ft := fastexec.Compile(set, name, Funcs); ft != nil {
				t.fastPartials[name] = ft
			}
		}
	}
	return t, diags
}

// SlowRuns counts the executions of the theme's templates that
// html/template made because the fast executor could not.
func (t *Theme) SlowRuns() int64 { return t.slowRuns.Load() }

// SlowTemplates names the page templates and partials of the theme that
// use something outside the fast executor's subset (see fastexec.Template), so
// that html/template runs each of their executions.
func (t *Theme) SlowTemplates() []string {
	var names []string
	for _, name := range pageTemplates {
		if _, ok := t.pages[name]; ok && t.fastPages[name] == nil {
			names = append(names, name)
		}
	}
	for _, name := range fragmentPartials {
		if set := t.pages["article.html"]; set != nil && set.Lookup(name) != nil && t.fastPartials[name] == nil {
			names = append(names, name)
		}
	}
	return names
}

func isEscapeErr(err error) bool {
	var e *template.Error
	return errors.As(err, &e)
}

// execute runs a page template, returning its output.
func (t *Theme) execute(name string, data any, buf *bytes.Buffer) error {
	tpl, ok := t.pages[name]
	if !ok {
		return fmt.Errorf("no template %s", name)
	}
	if t.fastPages[name].ExecuteOrUndo(buf, data) {
		return nil
	}
	t.slowRuns.Add(1)
	return tpl.ExecuteTemplate(buf, layoutFile, data)
}

// partial runs a named partial template (like "card") on its own.
func (t *Theme) partial(name string, data any) (string, error) {
	buf, _ := t.partialBuffers.Get().(*bytes.Buffer)
	if buf == nil {
		buf = new(bytes.Buffer)
	}
	buf.Reset()
	var err error
	if !t.fastPartials[name].ExecuteOrUndo(buf, data) {
		t.slowRuns.Add(1)
		err = t.pages["article.html"].ExecuteTemplate(buf, name, data)
	}
	out := buf.String()
	t.partialBuffers.Put(buf)
	return out, err
}
