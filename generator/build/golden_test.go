package build

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestThemeGolden compares one page of each template of the default theme
// with a reviewed copy. Run `go test ./generator/build -update` after a
// deliberate theme change and review the diff.
func TestThemeGolden(t *testing.T) {
	out := mustBuild(t, storySite, Options{})
	pages := []string{
		"index.html", "articles/fb-asks/index.html", "statements/wf-obyrne/index.html",
		"entities/wells-fargo/index.html", "entities/index.html", "articles/index.html",
		"tags/index.html", "about/index.html", "search/index.html", "404.html", "feed.xml",
	}
	for _, p := range pages {
		golden := filepath.Join("testdata", "golden", strings.ReplaceAll(strings.TrimSuffix(p, "/index.html"), "/", "_")+".golden")
		if *update {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, out[p], 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if string(want) != string(out[p]) {
			t.Errorf("%s differs from %s; run go test ./generator/build -update and review the diff", p, golden)
		}
	}
}
