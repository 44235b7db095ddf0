package content

import (
	"strings"
	"testing"
)

func TestCheckID(t *testing.T) {
	valid := []string{"a", "7", "wells-fargo", "usb-ripley-2018-08-06", "a-b-c", "2018"}
	invalid := []string{"", "-a", "a-", "a--b", "Wells-Fargo", "wells_fargo", "wells fargo", "wells.fargo",
		"../etc", "a/b", "über", "a\x00b", "-", "é"}
	for _, s := range valid {
		if err := CheckID(s); err != nil {
			t.Errorf("CheckID(%q) = %v", s, err)
		}
	}
	for _, s := range invalid {
		err := CheckID(s)
		if err == nil {
			t.Errorf("CheckID(%q) = nil, want an error", s)
			continue
		}
		if s != "" && !strings.Contains(err.Error(), "lower-case letters, digits and single hyphens") {
			t.Errorf("CheckID(%q) = %v", s, err)
		}
	}
	if err := CheckID(""); err == nil || !strings.Contains(err.Error(), "empty ID") {
		t.Errorf("CheckID(\"\") = %v", err)
	}
}

func TestSlugify(t *testing.T) {
	tests := map[string]string{
		"Wells_Fargo":        "wells-fargo",
		"Wells Fargo":        "wells-fargo",
		"U.S. Bancorp":       "u-s-bancorp",
		"US Bank":            "us-bank",
		"O'Byrne":            "obyrne",
		"O\u2019Byrne":       "obyrne",
		"  --a--b--  ":       "a-b",
		"Bad Name":           "bad-name",
		"already-fine":       "already-fine",
		"2018/08/06":         "2018-08-06",
		"!!!":                "",
		"":                   "",
		"Crédit Agricole SA": "cr-dit-agricole-sa",
	}
	for in, want := range tests {
		got := Slugify(in)
		if got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
		if got != "" && CheckID(got) != nil {
			t.Errorf("Slugify(%q) = %q is not a valid ID", in, got)
		}
	}
}

func TestCheckExternalURL(t *testing.T) {
	tests := []struct {
		url  string
		want string // "" for accepted, else part of the error
	}{
		{"https://www.wsj.com/articles/x?y=1#z", ""},
		{"http://example.org", ""},
		{"HTTPS://EXAMPLE.ORG/", ""},
		{"mailto:press@example.org", ""},
		{"javascript:alert(1)", "is refused"},
		{"JAVASCRIPT:alert(1)", "is refused"},
		{"vbscript:msgbox(1)", "is refused"},
		{"data:text/html;base64,PHNjcmlwdD4=", "is refused"},
		{"file:///etc/passwd", "is refused"},
		{"ftp://example.org/x", "is refused"},
		{"/relative/path", "is not absolute"},
		{"relative.html", "is not absolute"},
		{"//example.org/x", "is not absolute"},
		{"www.example.org", "is not absolute"},
		{"https://", "no host"},
		{"https:///x", "no host"},
		{"http://[::1", "invalid URL"},
		{"java\nscript:alert(1)", "invalid URL"},
	}
	for _, tt := range tests {
		err := CheckExternalURL(tt.url)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("CheckExternalURL(%q) = %v, want nil", tt.url, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("CheckExternalURL(%q) = %v, want an error with %q", tt.url, err, tt.want)
		}
	}
}

func TestClosest(t *testing.T) {
	tests := []struct {
		word       string
		candidates []string
		want       string
	}{
		{"titel", articleFields, "title"},
		{"dat", articleFields, "date"},
		{"tag", articleFields, "tags"},
		{"autors", articleFields, "authors"},
		{"correction", articleFields, "corrections"},
		{"sumary", articleFields, "summary"},
		{"qoute", statementFields, "quote"},
		{"reportedby", statementFields, "reported_by"},
		{"respond_to", statementFields, "responds_to"},
		{"emial", Channels, "email"},
		{"press", Channels, ""},
		{"bnk", Kinds, "bank"},
		{"people", Kinds, ""},
		{"xyzzyplugh", articleFields, ""},
		// a far candidate must never beat a near one, whatever their order
		{"abcdef", []string{"abcdeg", "a"}, "abcdeg"},
		{"abcdef", []string{"a", "abcdeg"}, "abcdeg"},
		{"abcdef", []string{"abcdxy", "abcdeg", "aaaaaa"}, "abcdeg"},
		{"wells-fargo", []string{"wells-fargo-bank", "wells-farg", "us-bancorp"}, "wells-farg"},
		// ties go to the alphabetically first
		{"cat", []string{"cot", "bat", "cut"}, "bat"},
		{"x", nil, ""},
	}
	for _, tt := range tests {
		if got := Closest(tt.word, tt.candidates); got != tt.want {
			t.Errorf("Closest(%q, %q) = %q, want %q", tt.word, tt.candidates, got, tt.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		d    int
	}{
		{"", "", 0}, {"a", "", 1}, {"", "abc", 3}, {"kitten", "sitting", 3}, {"titel", "title", 2},
		{"flaw", "lawn", 2}, {"same", "same", 0},
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b, 100); got != tt.d {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.d)
		}
		if got := editDistance(tt.b, tt.a, 100); got != tt.d {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.b, tt.a, got, tt.d)
		}
		// with a limit, the result is exact below it and the limit otherwise
		for limit := 1; limit < 5; limit++ {
			want := min(tt.d, limit)
			if got := editDistance(tt.a, tt.b, limit); got != want {
				t.Errorf("editDistance(%q, %q, %d) = %d, want %d", tt.a, tt.b, limit, got, want)
			}
		}
	}
}
