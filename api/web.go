package api

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

// webFiles holds the page that "tailor serve" shows at /: plain HTML,
// CSS and JavaScript with no build step and no outside requests.
//
//go:embed web/index.html web/app.js web/style.css web/icon.svg
var webFiles embed.FS

// webPolicy is the Content-Security-Policy of the page. Scripts, styles
// and API calls stay on this server, and images may come from any
// http(s) host because product image URLs point at the shops.
const webPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; " +
	"img-src 'self' data: http: https:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'"

// webAsset is one embedded file with the values of its response headers.
type webAsset struct {
	name        string
	body        []byte
	contentType string
	etag        string
}

// webAssets maps a file name under web/ to its asset, read once at start.
var webAssets = mustLoadWebAssets()

func mustLoadWebAssets() map[string]webAsset {
	entries, err := fs.ReadDir(webFiles, "web")
	if err != nil {
		panic("read embedded web assets: " + err.Error())
	}

	out := make(map[string]webAsset, len(entries))
	for _, e := range entries {
		body, err := webFiles.ReadFile("web/" + e.Name())
		if err != nil {
			panic("read embedded web asset " + e.Name() + ": " + err.Error())
		}

		sum := sha256.Sum256(body)
		out[e.Name()] = webAsset{
			name:        e.Name(),
			body:        body,
			contentType: mime.TypeByExtension(path.Ext(e.Name())),
			etag:        `"` + hex.EncodeToString(sum[:8]) + `"`,
		}
	}

	return out
}

// webIndex serves the page at /.
func webIndex(c *gin.Context) {
	serveWebAsset(c, webAssets["index.html"])
}

// webStatic serves /static/{file}, the page's scripts, styles and icon.
func webStatic(c *gin.Context) {
	name := strings.TrimPrefix(c.Param("file"), "/")

	asset, ok := webAssets[name]
	if !ok || name == "index.html" {
		c.JSON(http.StatusNotFound, ErrorBody{ErrorDetail{Code: "not_found", Message: "static file " + c.Param("file") + " not found; the page's files are app.js, style.css and icon.svg"}})
		return
	}

	serveWebAsset(c, asset)
}

// serveWebAsset writes asset with an ETag, so browsers revalidate it on
// every load and a new binary's files replace cached ones at once.
func serveWebAsset(c *gin.Context, asset webAsset) {
	h := c.Writer.Header()
	h.Set("Content-Type", asset.contentType)
	h.Set("Cache-Control", "no-cache")
	h.Set("ETag", asset.etag)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", webPolicy)
	h.Set("Referrer-Policy", "no-referrer")

	http.ServeContent(c.Writer, c.Request, asset.name, time.Time{}, bytes.NewReader(asset.body))
}
