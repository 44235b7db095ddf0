package render

import (
	"bufio"
	"bytes"
	"encoding/json"
	"hash/crc32"
	"io"
	"slices"
	"strconv"
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
// re-encodes only the entries whose inputs changed and splices them into the
// last output.

// Memo keeps the whole-site outputs and their entries from one build to the
// next. It is safe for concurrent use; each output is rendered by one job at
// a time.
type Memo struct {
	mu      sync.Mutex
	outputs map[string]*memoOutput
	// searchSums outlive the renderers, as the outputs do: a rebuild
	// renders only the search files that changed
	searchSums searchSums
	encoded    atomic.Int64
	// buffers are the render workers' output buffers, kept between builds
	// rather than grown again by every one.
	buffers []*bytes.Buffer
}

// Retain forgets the outputs for which keep reports false.
func (m *Memo) Retain(keep func(path string) bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for p := range m.outputs {
		if !keep(p) {
			delete(m.outputs, p)
		}
	}
}

// memoOutput is one whole-site output as last rendered.
type memoOutput struct {
	graph   *site.Graph // the graph of nodes
	nodes   []site.Node
	entries []memoEntry // one per node
	// readers lists under each dependency key the nodes whose entries
	// read it, by node rather than by place: a node that came or went
	// moves every entry after it, and renumbering the whole index then
	// took half the time of splicing a new statement into the open data.
	// A node gone may stay listed, and a node moved far be listed twice:
	// marking them stale marks nothing, or the same entry.
	readers map[string][]site.Node
	// position is each node's entry, made when first needed
	position map[site.Node]int
	data     []byte // the output as last emitted
	spare    []byte // the one before, whose memory the next build reuses
	// spareEntries and spareNodes are the entries and nodes of the output
	// before, whose memory the next resplice reuses: made anew for each
	// new statement, the 30,000 entries of the statements' open data were
	// a fifth of splicing it, most of it touching memory for the first time
	spareEntries []memoEntry
	spareNodes   []site.Node
}

// positions finds the entries of the nodes listed under the keys, sorted.
func (m *memoOutput) positions(keys map[string]struct{}) []int {
	var found []int
	for k := range keys {
		readers := m.readers[k]
		if len(readers) == 0 {
			continue
		}
		if m.position == nil {
			m.position = make(map[site.Node]int, len(m.nodes))
			for i, n := range m.nodes {
				m.position[n] = i
			}
		}
		for _, n := range readers {
			if i, ok := m.position[n]; ok {
				found = append(found, i)
			}
		}
	}
	slices.Sort(found)
	return slices.Compact(found)
}

type memoEntry struct {
	deps       []Dep
	start, end int // where the entry is in data
}

// fresh is an entry encoded anew, not yet in an output.
type fresh struct {
	data []byte
	deps []Dep
}

// spareBuffer is the memory of the output before the last, emptied, for
// the next to be written in (grown to the last one's size, if smaller).
func (m *memoOutput) spareBuffer() []byte {
	if cap(m.spare) < len(m.data) {
		return make([]byte, 0, len(m.data)+len(m.data)/8)
	}
	return m.spare[:0]
}

// NewMemo returns an empty Memo.
func NewMemo() *Memo { return &Memo{outputs: map[string]*memoOutput{}} }

// Encoded is how many entries have been encoded rather than reused, over the
// Memo's life: what a rebuild saves is visible, and testable.
func (m *Memo) Encoded() int64 { return m.encoded.Load() }

// buffer takes a buffer from the Memo's pool, or makes one.
func (m *Memo) buffer() *bytes.Buffer {
	if m == nil {
		return &bytes.Buffer{}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if n := len(m.buffers); n > 0 {
		b := m.buffers[n-1]
		m.buffers = m.buffers[:n-1]
		return b
	}
	return &bytes.Buffer{}
}

// release returns a buffer to the pool.
func (m *Memo) release(b *bytes.Buffer) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.buffers = append(m.buffers, b)
}

// joined is a whole-site output: prefix, then the entry of each node made by
// encode, separated by sep, then suffix.
type joined struct {
	output, prefix, sep, suffix string
	nodes                       []site.Node
	encode                      func(sub *recorder, n site.Node) ([]byte, error)
}

// encodeEntry encodes the entry of node n with a recorder of its own.
func (rec *recorder) encodeEntry(j *joined, n site.Node) ([]byte, []Dep, error) {
	sub := &recorder{r: rec.r}
	if rec.record {
		sub.record, sub.keys = true, []string{site.KeySite}
	}
	data, err := j.encode(sub, n)
	if err != nil {
		return nil, nil, err
	}
	if m := rec.r.memo; m != nil {
		m.encoded.Add(1)
	}
	return data, sub.deps(), nil
}

// join renders a whole-site output. With the same nodes as last time and the
// changed keys known, it splices the stale entries into the last output;
// otherwise it joins every entry again, reusing those whose dependencies
// did not change. The data it returns is valid until the next build.
func (rec *recorder) join(j *joined) ([]byte, error) {
	m := rec.r.memo
	if m == nil {
		if rec.r.stream != nil {
			return nil, rec.stream(j)
		}
		// into the worker's buffer, which keeps its size for the next
		// output: a slice grown here was garbage the size of all the
		// whole-site outputs a few times over
		err := rec.joinInto(rec.out, j)
		return rec.out.Bytes(), err
	}
	m.mu.Lock()
	last := m.outputs[j.output]
	m.mu.Unlock()
	if last != nil && rec.r.changed != nil && slices.Equal(last.nodes, j.nodes) {
		return rec.splice(last, j)
	}
	var next *memoOutput
	var err error
	if last != nil && rec.r.changed != nil && last.graph == rec.r.g {
		next, err = rec.resplice(last, j)
	} else {
		// the site linked again (its nodes are new: an entry is found by
		// its node's key), or the changes unknown
		next, err = rec.rejoin(last, j)
	}
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	m.outputs[j.output] = next
	m.mu.Unlock()
	return next.data, nil
}

// joinInto writes every entry of j to w, between its prefix and suffix.
func (rec *recorder) joinInto(w io.Writer, j *joined) error {
	if _, err := io.WriteString(w, j.prefix); err != nil {
		return err
	}
	for i, n := range j.nodes {
		data, _, err := rec.encodeEntry(j, n)
		if err != nil {
			return err
		}
		if i > 0 {
			if _, err := io.WriteString(w, j.sep); err != nil {
				return err
			}
		}
		if _, err := w.Write(data); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, j.suffix)
	return err
}

// stream writes j through Options.Stream, in parts of 64 KB, and sets
// rec.streamSum to the checksum of what it wrote. What the stream's file
// fails at is a WriteError; what an entry fails at is not.
func (rec *recorder) stream(j *joined) (err error) {
	f, err := rec.r.stream(j.output)
	if err != nil {
		return &WriteError{j.output, err}
	}
	rec.streamed = true
	// closed even when a theme's panic unwinds through here (see render)
	defer func() {
		if closeErr := f.Close(); err == nil && closeErr != nil {
			err = &WriteError{j.output, closeErr}
		}
	}()
	// the buffered writer hands on the file's error as it is: a write that
	// fails is told from an entry that fails by its wrapping here
	file := &streamFile{Writer: f, path: j.output}
	w := bufio.NewWriterSize(file, 64<<10)
	if err := rec.joinInto(w, j); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	rec.streamSum = file.sum
	return nil
}

// streamFile is a stream's file whose write errors are WriteErrors, and
// which sums what it is given.
type streamFile struct {
	io.Writer
	path string
	sum  uint32
}

func (f *streamFile) Write(p []byte) (int, error) {
	n, err := f.Writer.Write(p)
	f.sum = crc32.Update(f.sum, castagnoli, p[:n])
	if err != nil {
		err = &WriteError{f.path, err}
	}
	return n, err
}

// castagnoli is the CRC-32C table: computed by the processor where it can
// (a search index file of 1.8 MB in a fifth of a millisecond), and the
// same from build to build, as the URLs carrying it must be.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// splice re-encodes the entries that read a changed key and writes the last
// output again with them in place, in the memory of the one before.
func (rec *recorder) splice(last *memoOutput, j *joined) ([]byte, error) {
	stale := last.positions(rec.r.changed)
	if len(stale) == 0 {
		rec.unchanged = true
		return last.data, nil
	}
	entries := make([]fresh, len(stale))
	for i, pos := range stale {
		data, deps, err := rec.encodeEntry(j, j.nodes[pos])
		if err != nil {
			return nil, err // the last output and its entries stay as they were
		}
		entries[i] = fresh{data, deps}
	}
	out := last.spareBuffer()
	copied, shift, next := 0, 0, 0
	for i := range last.entries {
		e := &last.entries[i]
		start, end := e.start+shift, e.end+shift
		if next < len(stale) && stale[next] == i {
			f := entries[next]
			next++
			out = append(out, last.data[copied:e.start]...)
			out = append(out, f.data...)
			copied = e.end
			shift += len(f.data) - (e.end - e.start)
			end = start + len(f.data)
			for _, d := range f.deps {
				if !slices.ContainsFunc(e.deps, func(o Dep) bool { return o.Key == d.Key }) {
					last.readers[d.Key] = append(last.readers[d.Key], last.nodes[i])
				}
			}
			e.deps = f.deps
		}
		e.start, e.end = start, end
	}
	out = append(out, last.data[copied:]...)
	last.spare, last.data = last.data, out
	return out, nil
}

// resplice joins an output whose nodes came, went or moved since the last
// build, the changed keys known: a node still there whose entry read none
// of them keeps its entry as it was (no dependency checked), the others are
// encoded, and the index of which nodes' entries read which key is kept,
// with the keys of the entries encoded added. Made anew, with every
// entry's dependencies checked, the open data of statements took 80 to 120
// ms for each new statement at 10,000 articles, longer than all else the
// build rendered.
func (rec *recorder) resplice(last *memoOutput, j *joined) (*memoOutput, error) {
	// the nodes whose entries read a changed key: a few, found by node (a
	// map of every node's place, made for each new story, cost as much)
	stale := map[site.Node]bool{}
	for k := range rec.r.changed {
		for _, n := range last.readers[k] {
			stale[n] = true
		}
	}
	from := placesIn(last.nodes, j.nodes)
	type encodedEntry struct {
		at int // index in j.nodes
		fresh
	}
	var encoded []encodedEntry // in the order of j.nodes
	for i, n := range j.nodes {
		p := from[i]
		if p < 0 || (len(stale) > 0 && stale[n]) {
			data, deps, err := rec.encodeEntry(j, n)
			if err != nil {
				return nil, err // the last output and its entries stay as they were
			}
			encoded = append(encoded, encodedEntry{i, fresh{data, deps}})
		}
	}
	out := last.spareBuffer()
	// the index of readers is the last one's, with the keys new entries
	// read added below
	next := &memoOutput{graph: rec.r.g, nodes: append(last.spareNodes[:0], j.nodes...), readers: last.readers,
		spare: last.data, spareEntries: last.entries, spareNodes: last.nodes}
	if cap(last.spareEntries) >= len(j.nodes) {
		next.entries = last.spareEntries[:len(j.nodes)]
	} else {
		next.entries = make([]memoEntry, len(j.nodes), len(j.nodes)+len(j.nodes)/8)
	}
	out = append(out, j.prefix...)
	// Entries kept in a row that sat in a row in the last output are
	// copied at once, with the separators between them: run is the part of
	// last.data not yet copied, and end is where out ends once it is.
	runFrom, runTo, end := -1, -1, len(out)
	copyRun := func() {
		if runFrom >= 0 {
			out = append(out, last.data[runFrom:runTo]...)
			runFrom = -1
		}
	}
	rest := encoded
	for i := range j.nodes {
		if len(rest) > 0 && rest[0].at == i {
			f := rest[0].fresh
			rest = rest[1:]
			copyRun()
			if i > 0 {
				out = append(out, j.sep...)
			}
			next.entries[i] = memoEntry{deps: f.deps, start: len(out), end: len(out) + len(f.data)}
			out = append(out, f.data...)
			end = len(out)
			continue
		}
		e := last.entries[from[i]]
		if runFrom >= 0 && from[i] == from[i-1]+1 && e.start == runTo+len(j.sep) {
			runTo = e.end // the separator before it is in last.data too
		} else {
			copyRun()
			if i > 0 {
				out = append(out, j.sep...)
				end += len(j.sep)
			}
			runFrom, runTo = e.start, e.end
		}
		start := end
		if i > 0 && runFrom != e.start {
			start += len(j.sep)
		}
		end = start + e.end - e.start
		next.entries[i] = memoEntry{deps: e.deps, start: start, end: end}
	}
	copyRun()
	next.data = append(out, j.suffix...)
	for _, e := range encoded {
		var before []Dep
		if p := from[e.at]; p >= 0 {
			before = last.entries[p].deps // its index is listed under these
		}
		for _, d := range e.deps {
			if !slices.ContainsFunc(before, func(o Dep) bool { return o.Key == d.Key }) {
				next.readers[d.Key] = append(next.readers[d.Key], j.nodes[e.at])
			}
		}
	}
	return next, nil
}

// placeWindow is how far from where the nodes before it put it placesIn
// looks for a node.
const placeWindow = 8

// placesIn returns, for each node of now, its index in before, or -1 when
// it is not there or, at times, when it moved far (a new date): it is then
// one that came, its entry encoded anew, and its old one one that went.
// Nodes mostly stay where they were, or shift by the few that came or went
// before them: looking each up in a map of every node, made for every
// rebuild that adds a story, took as long as the rest of the splice. The
// map is made only when as many nodes in a row as the window are not found
// near where the nodes before them put them (after a run of nodes gone),
// and then finds those too.
func placesIn(before, now []site.Node) []int {
	from := make([]int, len(now))
	shift := 0  // where the last node was found, against its index now
	misses := 0 // nodes not found in a row
	var position map[site.Node]int
	near := func(i int, n site.Node) int {
		at := func(p int) bool { return p >= 0 && p < len(before) && before[p] == n }
		guess := i + shift
		for d := range placeWindow + 1 {
			if at(guess + d) {
				return guess + d
			}
			if d > 0 && at(guess-d) {
				return guess - d
			}
		}
		return -1
	}
	for i, n := range now {
		p := near(i, n)
		if p < 0 && (position != nil || misses >= placeWindow) {
			if position == nil {
				position = make(map[site.Node]int, len(before))
				for q, m := range before {
					position[m] = q
				}
				for k := i - misses; k < i; k++ { // the run not found
					if q, ok := position[now[k]]; ok {
						from[k] = q
					}
				}
			}
			if q, ok := position[n]; ok {
				p = q
			}
		}
		from[i] = p
		if p < 0 {
			misses++
			shift-- // as if it came: the next node is where this one's guess was
			continue
		}
		misses, shift = 0, p-i
	}
	return from
}

// rejoin joins every entry, reusing those of the last output whose
// dependencies did not change.
func (rec *recorder) rejoin(last *memoOutput, j *joined) (*memoOutput, error) {
	var out []byte
	var position map[string]int // node key -> entry in last
	if last != nil {
		out = last.spare[:0]
		position = make(map[string]int, len(last.nodes))
		for i, n := range last.nodes {
			position[site.DocKey(n)] = i
		}
	}
	next := &memoOutput{graph: rec.r.g, nodes: slices.Clone(j.nodes), entries: make([]memoEntry, len(j.nodes)), readers: map[string][]site.Node{}}
	out = append(out, j.prefix...)
	for i, n := range j.nodes {
		var data []byte
		var deps []Dep
		if p, ok := position[site.DocKey(n)]; ok && !rec.r.Stale(last.entries[p].deps) {
			data, deps = last.data[last.entries[p].start:last.entries[p].end], last.entries[p].deps
		} else {
			var err error
			if data, deps, err = rec.encodeEntry(j, n); err != nil {
				return nil, err
			}
		}
		if i > 0 {
			out = append(out, j.sep...)
		}
		next.entries[i] = memoEntry{deps: deps, start: len(out), end: len(out) + len(data)}
		out = append(out, data...)
		for _, d := range deps {
			next.readers[d.Key] = append(next.readers[d.Key], n)
		}
	}
	next.data = append(out, j.suffix...)
	if last != nil {
		next.spare = last.data
	}
	return next, nil
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

// SearchShardSize is how many entries each file of the search index holds,
// but the first files of the articles and of the statements, which hold up
// to twice as many (see searchShard). An edit rewrites the file holding its
// document's entry, not an index of the whole site (20 MB at 10,000
// articles), and a browser loads the files in parallel.
const SearchShardSize = 2000

// searchKind is the documents of one kind in the search index's order, and
// whether its files are counted from the list's end (see searchShard).
type searchKind struct {
	count   int
	at      func(j int) site.Node
	fromEnd bool
}

func searchKinds(g *site.Graph) [4]searchKind {
	return [4]searchKind{
		{len(g.Articles), func(j int) site.Node { return g.Articles[j] }, true},
		{len(g.Statements), func(j int) site.Node { return g.Statements[j] }, true},
		{len(g.Entities), func(j int) site.Node { return g.Entities[j] }, false},
		{len(g.Pages), func(j int) site.Node { return g.Pages[j] }, false},
	}
}

// files is how many files the kind's documents fill.
func (k searchKind) files(size int) int {
	if k.count == 0 {
		return 0
	}
	return (&pagination{fromEnd: k.fromEnd}).pageCount(k.count, size)
}

// searchShardCount is how many files the search index fills; an empty
// index is still one file.
func searchShardCount(g *site.Graph, size int) int {
	n := 0
	for _, k := range searchKinds(g) {
		n += k.files(size)
	}
	return max(1, n)
}

// searchShard is the documents of the i-th file of the search index, in
// the order search ranks equal matches: articles (newest first),
// statements (newest first), players, pages. Each kind fills files of its
// own, size documents each, and the articles and statements count theirs
// from the oldest, as lists shown newest first count their pages: their
// first file holds the newest size to twice the size less one, and a new
// story, the newest, changes that file alone, where files counted from the
// start would each shift by a document (20 files rewritten at 10,000
// articles). The documents are read as the file renders: a new date moves
// a document from one file to another.
func searchShard(g *site.Graph, size, i int) []site.Node {
	for _, k := range searchKinds(g) {
		files := k.files(size)
		if i >= files {
			i -= files
			continue
		}
		from, to := (&pagination{fromEnd: k.fromEnd}).bounds(i, k.count, size)
		out := make([]site.Node, 0, to-from)
		for j := from; j < to; j++ {
			out = append(out, k.at(j))
		}
		return out
	}
	return nil
}

// searchShardPath is the path of the i-th file of the search index.
func searchShardPath(i int) string {
	return "search/index-" + strconv.Itoa(i+1) + ".js"
}

// searchFiles is the search page's entry to the index: a script listing the
// index's files, which the search script loads. Scripts, not JSON, so that
// search needs no server-side code and no fetch.
func (rec *recorder) searchFiles() ([]byte, error) {
	// Each file's URL carries a checksum of the file's bytes, so that a
	// browser fetches again only the files that changed (one or two after
	// a new story, where a version of the whole index had it fetch all 20
	// MB of them at 10,000 articles). The bytes, not the versions of the
	// documents in the file: an entry also shows what its document links
	// to (a statement's speaker and organization), which such a version
	// could miss. RenderAll renders this once the files are done; it reads
	// every document, so it renders again whenever any file does.
	rec.useAllDocs(true)
	urls := make([]string, searchShardCount(rec.r.g, rec.r.searchShardSize))
	for i := range urls {
		urls[i] = rec.r.root + searchShardPath(i) + "?v=" + rec.r.searchFileVersion(i)
	}
	list, err := json.Marshal(urls)
	if err != nil {
		return nil, err
	}
	return append(append([]byte("window.DOSSIER_SEARCH_FILES = "), list...), ";\n"...), nil
}

// searchIndex is the i-th file of the search index: a script setting the
// i-th part of window.DOSSIER_SEARCH_PARTS to its entries, whatever order
// the files load in.
func (rec *recorder) searchIndex(i int, nodes []site.Node) ([]byte, error) {
	data, err := rec.searchIndexData(i, nodes)
	if err != nil {
		return nil, err
	}
	sum := rec.streamSum
	if !rec.streamed {
		sum = crc32.Checksum(data, castagnoli)
	}
	rec.r.searchSums.set(i, sum)
	return data, nil
}

// searchSums are the checksums of the search index's files, by index, for
// the URLs search/index.js gives them: the Memo's when there is one, else
// the renderer's.
type searchSums struct {
	mu   sync.Mutex
	sums map[int]uint32
}

func (s *searchSums) set(i int, sum uint32) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sums == nil {
		s.sums = map[int]uint32{}
	}
	s.sums[i] = sum
}

func (s *searchSums) get(i int) (uint32, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sum, ok := s.sums[i]
	return sum, ok
}

// searchFileVersion is the version in the URL of the search index's file
// i: the checksum of its bytes, or, for a file not made yet, the version of
// the whole index.
func (r *Renderer) searchFileVersion(i int) string {
	if sum, ok := r.searchSums.get(i); ok {
		return strconv.FormatUint(uint64(sum), 36)
	}
	return r.searchVersion()
}

func (rec *recorder) searchIndexData(i int, nodes []site.Node) ([]byte, error) {
	rec.useAllDocs(true)
	prefix := "(window.DOSSIER_SEARCH_PARTS = window.DOSSIER_SEARCH_PARTS || [])[" + strconv.Itoa(i) + "] = ["
	return rec.join(&joined{output: searchShardPath(i), prefix: prefix, sep: ",", suffix: "];\n", nodes: nodes,
		encode: func(sub *recorder, n site.Node) ([]byte, error) {
			switch n := n.(type) {
			case *site.Article:
				sub.use(site.DocKey(n), site.BodyKey(n))
				tags := make([]string, len(n.Tags))
				for i, t := range n.Tags {
					tags[i] = t.Name
				}
				return rec.searchEntry(n, n.Summary, strings.Join(tags, " ")+" "+sub.textPrefix(n.Body, n.Targets, searchTextLimit+1))
			case *site.Statement:
				sub.link(n) // the attribution names the organization and speaker
				return rec.searchEntry(n, n.Quote, n.Attribution()+" "+n.Role()+" "+n.Stance+" "+n.Channel)
			case *site.Entity:
				sub.use(site.DocKey(n), site.BodyKey(n))
				return rec.searchEntry(n, n.Role, strings.Join(n.Aliases, " ")+" "+n.Entity.Kind+" "+sub.textPrefix(n.Description, n.Targets, searchTextLimit+1))
			case *site.Page:
				sub.use(site.DocKey(n), site.BodyKey(n))
				return rec.searchEntry(n, n.Summary, sub.textPrefix(n.Body, n.Targets, searchTextLimit+1))
			}
			panic("render: no search entry for a " + n.Kind())
		}})
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
// made by encode, one entry per line (greppable, and a sixth smaller and
// faster to encode than the same indented); withBodies when entries show
// more than the nodes' DocKeys cover.
func jsonList[T site.Node](rec *recorder, output string, withBodies bool, nodes []T, encode func(sub *recorder, n T) any) ([]byte, error) {
	rec.useAllDocs(withBodies)
	if len(nodes) == 0 {
		return []byte("[]\n"), nil
	}
	return rec.join(&joined{output: output, prefix: "[\n", sep: ",\n", suffix: "\n]\n", nodes: asNodes(nodes),
		encode: func(sub *recorder, n site.Node) ([]byte, error) {
			return json.Marshal(encode(sub, n.(T)))
		}})
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
	return jsonList(rec, "data/articles.json", false, rec.r.g.Articles, func(sub *recorder, a *site.Article) any {
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
	return jsonList(rec, "data/statements.json", false, rec.r.g.Statements, func(sub *recorder, s *site.Statement) any {
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
	return jsonList(rec, "data/entities.json", true, rec.r.g.Entities, func(sub *recorder, e *site.Entity) any {
		sub.use(site.DocKey(e), site.BodyKey(e))
		v := entity{ID: e.ID, URL: rec.r.abs(e.Path()), Name: e.Name, Kind: e.Entity.Kind, Aliases: e.Aliases,
			Website: e.URL, Description: string(e.Entity.Description.Source), Role: e.Role}
		if e.Org != nil {
			v.Org = e.Org.ID
		}
		return v
	})
}
