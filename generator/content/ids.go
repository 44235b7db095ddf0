package content

import (
	"fmt"
	"net/url"
	"strings"
)

// CheckID reports whether s is a valid ID or slug: lower-case ASCII letters,
// digits and single hyphens, neither first nor last. IDs become URL path
// segments and file names, so this is also what keeps them inside public/.
func CheckID(s string) error {
	if s == "" {
		return fmt.Errorf("empty ID")
	}
	valid := s[0] != '-' && s[len(s)-1] != '-' && !strings.Contains(s, "--")
	for i := 0; i < len(s) && valid; i++ {
		c := s[i]
		valid = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-'
	}
	if !valid {
		return fmt.Errorf("invalid ID %q: IDs are lower-case letters, digits and single hyphens", s)
	}
	return nil
}

// Slugify turns s into the closest valid ID, for suggestions.
func Slugify(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
		case r == '\'' || r == '\u2019':
			// O'Byrne -> obyrne
		default:
			hyphen = true
		}
	}
	return b.String()
}

func suggestID(s string) string {
	if slug := Slugify(s); slug != "" && slug != s {
		return fmt.Sprintf("did you mean %q?", slug)
	}
	return ""
}

// CheckExternalURL accepts absolute http, https and mailto URLs and refuses
// everything else (javascript:, data:, vbscript:, file:, relative paths).
func CheckExternalURL(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Errorf("invalid URL %q: %v", s, err)
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		if u.Host == "" {
			return fmt.Errorf("invalid URL %q: no host", s)
		}
		return nil
	case "mailto":
		return nil
	case "":
		return fmt.Errorf("URL %q is not absolute: write it with https://", s)
	}
	return fmt.Errorf("URL %q is refused: only http, https and mailto links are allowed", s)
}

// Closest returns the candidate nearest to word by edit distance, if it is
// close enough to be a plausible typo, or "".
func Closest(word string, candidates []string) string {
	best, bestDist := "", len(word)/3+2
	for _, c := range candidates {
		// The limit is one more than bestDist, so that a distance equal to
		// bestDist is exact and not editDistance's "at least the limit".
		if d := editDistance(word, c, bestDist+1); d < bestDist || d == bestDist && best != "" && c < best {
			best, bestDist = c, d
		}
	}
	if bestDist > len(word)/3+1 {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance, giving up early (returning limit)
// once it cannot be below limit, since suggestions scan every ID in the site.
func editDistance(a, b string, limit int) int {
	if abs(len(a)-len(b)) >= limit {
		return limit
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin >= limit {
			return limit
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
