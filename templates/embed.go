// Package templates is Dossier's default theme: html/template layouts and the
// static files beside them. It is embedded in the binary so a site needs no
// theme of its own; a site's own templates/ folder overrides it file by file.
package templates

import "embed"

// Default holds the default theme's templates and static files.
//
//go:embed *.html static
var Default embed.FS
