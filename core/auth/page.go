package auth

import (
	"html/template"
	"net/http"
)

var pageTmpl = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>XPM Sync</title>
<style>body{font-family:system-ui,sans-serif;max-width:36em;margin:4em auto;padding:0 1em;color:#222}
h1{font-size:1.4em}.ok{color:#1b7f3b}.fail{color:#b3261e}</style></head>
<body><h1 class="{{if .OK}}ok{{else}}fail{{end}}">{{if .OK}}Connected{{else}}Not connected{{end}}</h1>
<p>{{.Message}}</p></body></html>
`))

// writePage answers the browser's return from Xero with a plain page; the message is
// escaped by html/template because error text can quote query parameters.
func writePage(w http.ResponseWriter, status int, ok bool, msg string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = pageTmpl.Execute(w, struct {
		OK      bool
		Message string
	}{ok, msg})
}
