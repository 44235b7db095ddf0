package corpus

import (
	"bytes"
	"strings"
	"testing"
)

func TestGenerateIsDeterministicAndSized(t *testing.T) {
	a := Generate(Options{Articles: 30, Seed: 7})
	b := Generate(Options{Articles: 30, Seed: 7})
	c := Generate(Options{Articles: 30, Seed: 8})
	if len(a) != len(b) {
		t.Fatalf("same seed, %d then %d files", len(a), len(b))
	}
	differs := false
	for p, data := range a {
		if !bytes.Equal(data, b[p]) {
			t.Errorf("%s differs between two runs with one seed", p)
		}
		differs = differs || !bytes.Equal(data, c[p])
	}
	if !differs {
		t.Error("another seed gave the same corpus")
	}
	count := map[string]int{}
	for p := range a {
		count[strings.SplitN(strings.TrimPrefix(p, "content/"), "/", 2)[0]]++
	}
	if count["articles"] != 30 || count["statements"] != 90 || count["entities"] != 20 {
		t.Errorf("counts %v, want 30 articles, 90 statements, 20 entities", count)
	}
	article := string(a["content/articles/0/article-3.md"])
	if strings.Count(article, "[[") < 6 || strings.Count(article, "![[") != 1 || !strings.Contains(article, "## ") {
		t.Errorf("article lacks references, an embed or headings:\n%s", article)
	}
}
