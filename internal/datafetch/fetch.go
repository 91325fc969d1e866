package datafetch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// DefaultBaseURL is the host that serves raw files of GitHub repositories.
const DefaultBaseURL = "https://raw.githubusercontent.com"

// Defaults for the zero values of Fetcher's fields.
const (
	DefaultRetries = 2
	DefaultBackoff = time.Second
	DefaultTimeout = 5 * time.Minute // per request, body included
)

// userAgent identifies Tailor's requests.
const userAgent = "tailor-datafetch"

// ErrHTTPStatus marks a response whose status is not 200 OK.
var ErrHTTPStatus = errors.New("unexpected HTTP status")

// Fetcher downloads dataset files into a data folder.
type Fetcher struct {
	// BaseURL replaces DefaultBaseURL when not empty. File URLs are
	// BaseURL/OWNER/NAME/COMMIT/PATH.
	BaseURL string

	// Client sends the requests; nil uses a client with DefaultTimeout.
	Client *http.Client

	// Force downloads files that already exist; otherwise they are skipped.
	Force bool

	// Retries is the number of further attempts after a retryable failure:
	// a network error, a truncated body or a 408, 429 or 5xx status. Zero
	// means DefaultRetries and a negative value means none.
	Retries int

	// Backoff is the delay before the first retry, doubled before each
	// later one. Zero means DefaultBackoff.
	Backoff time.Duration

	// Logger receives progress and retry messages; nil discards them.
	Logger *slog.Logger
}

// Result counts what Fetch did.
type Result struct {
	Downloaded int
	Skipped    int   // files that existed and were kept
	Bytes      int64 // bytes written by the downloads
}

// Fetch downloads the files of ds into dir, each to its Dest path. A file
// that exists is kept unless Force is set. Each file is written to a
// temporary file in its destination folder and renamed into place once
// it is complete and parses, so a failed download leaves no partial
// file. Fetch stops at the first file that fails.
func (f *Fetcher) Fetch(ctx context.Context, dir string, ds Dataset) (Result, error) {
	var res Result

	logger := f.logger()
	logger.Info("fetching dataset", "dataset", ds.Name, "files", len(ds.Files), "dir", dir)
	start := time.Now()

	for _, file := range ds.Files {
		if err := ctx.Err(); err != nil {
			return res, fmt.Errorf("fetch %s: %w", ds.Name, err)
		}

		downloaded, n, err := f.fetchOne(ctx, dir, file)
		if err != nil {
			return res, fmt.Errorf("fetch %s file %s: %w", ds.Name, file.Dest, err)
		}

		if downloaded {
			res.Downloaded++
			res.Bytes += n
		} else {
			res.Skipped++
		}
	}

	logger.Info("fetched dataset", "dataset", ds.Name, "downloaded", res.Downloaded, "skipped", res.Skipped, "bytes", res.Bytes, "seconds", time.Since(start).Seconds())

	return res, nil
}

// fetchOne downloads one file unless it exists and Force is not set. It
// reports whether it downloaded and how many bytes it wrote.
func (f *Fetcher) fetchOne(ctx context.Context, dir string, file File) (bool, int64, error) {
	local := filepath.FromSlash(file.Dest)
	if !filepath.IsLocal(local) {
		return false, 0, fmt.Errorf("destination %q is not a relative path inside the data folder", file.Dest)
	}

	dest := filepath.Join(dir, local)

	_, err := os.Lstat(dest)
	switch {
	case err == nil && !f.Force:
		f.logger().Info("skipping existing file", "path", dest)
		return false, 0, nil
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return false, 0, fmt.Errorf("check existing file: %w", err)
	}

	n, err := f.download(ctx, file, dest)

	return err == nil, n, err
}

// download fetches file into dest through a temporary file in the same
// folder, which is removed unless the download succeeds.
func (f *Fetcher) download(ctx context.Context, file File, dest string) (n int64, err error) {
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return 0, fmt.Errorf("create folder: %w", err)
	}

	tmp, err := os.CreateTemp(filepath.Dir(dest), "."+filepath.Base(dest)+".*.tmp")
	if err != nil {
		return 0, fmt.Errorf("create temporary file: %w", err)
	}

	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()

	link := f.FileURL(file)
	start := time.Now()
	f.logger().Info("downloading", "url", link, "path", dest)

	n, digest, err := f.getWithRetries(ctx, link, file.Transform, tmp)
	if err != nil {
		return 0, err
	}

	if err := closeForRename(tmp); err != nil {
		return 0, err
	}

	if err := validateFile(tmp.Name(), file.Dest); err != nil {
		return 0, fmt.Errorf("check %s: %w", link, err)
	}

	if err := os.Rename(tmp.Name(), dest); err != nil {
		return 0, fmt.Errorf("move downloaded file into place: %w", err)
	}

	f.checkDigest(file, dest, digest)
	f.logger().Info("downloaded", "path", dest, "bytes", n, "seconds", time.Since(start).Seconds())

	return n, nil
}

// closeForRename makes a finished temporary file world-readable like
// other data files, flushes it to disk and closes it.
func closeForRename(tmp *os.File) error {
	if err := tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("set file mode: %w", err)
	}

	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("flush downloaded file: %w", err)
	}

	if err := tmp.Close(); err != nil {
		return fmt.Errorf("close downloaded file: %w", err)
	}

	return nil
}

// checkDigest logs a warning when the written file's SHA-256 differs
// from the expected one.
func (f *Fetcher) checkDigest(file File, dest, digest string) {
	if file.SHA256 == "" || file.SHA256 == digest {
		return
	}

	f.logger().Warn("downloaded file differs from the copy that Tailor was tested with; counts in tests may not match",
		"path", dest, "sha256", digest, "expected_sha256", file.SHA256)
}

// getWithRetries downloads link into tmp, starting over after retryable
// failures. It returns the bytes written and their SHA-256 in hex.
func (f *Fetcher) getWithRetries(ctx context.Context, link string, transform func(io.Writer, io.Reader) error, tmp *os.File) (int64, string, error) {
	for attempt := 1; ; attempt++ {
		if err := rewind(tmp); err != nil {
			return 0, "", err
		}

		n, digest, err := f.get(ctx, link, transform, tmp)
		if err == nil {
			return n, digest, nil
		}

		if !isRetryable(err) || attempt > f.retries() {
			return 0, "", err
		}

		delay := f.backoff() << (attempt - 1)
		f.logger().Warn("download failed, retrying", "url", link, "attempt", attempt, "delay", delay, "error", err)

		if err := sleep(ctx, delay); err != nil {
			return 0, "", fmt.Errorf("wait to retry %s: %w", link, err)
		}
	}
}

// rewind empties tmp for a new attempt.
func rewind(tmp *os.File) error {
	if err := tmp.Truncate(0); err != nil {
		return fmt.Errorf("truncate temporary file: %w", err)
	}

	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("rewind temporary file: %w", err)
	}

	return nil
}

// get sends one request for link and writes the body, passed through
// transform when it is not nil, to w.
func (f *Fetcher) get(ctx context.Context, link string, transform func(io.Writer, io.Reader) error, w io.Writer) (int64, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, link, nil)
	if err != nil {
		return 0, "", fmt.Errorf("build request: %w", err)
	}

	req.Header.Set("User-Agent", userAgent)

	resp, err := f.client().Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return 0, "", fmt.Errorf("get %s: %w", link, ctx.Err())
		}

		return 0, "", retryable(fmt.Errorf("get %s: %w", link, err))
	}
	defer resp.Body.Close()

	if resp.StatusCode != http.StatusOK {
		err := fmt.Errorf("%w: GET %s returned %s; check that the repository, commit and path exist, or use a base URL that serves them", ErrHTTPStatus, link, resp.Status)
		if retryableStatus(resp.StatusCode) {
			return 0, "", retryable(err)
		}

		return 0, "", err
	}

	return copyBody(ctx, link, resp.Body, transform, w)
}

// copyBody writes body to w, through transform when it is not nil, and
// returns the bytes written and their SHA-256. A failed read of the body
// is retryable; a failed transform or write is not.
func copyBody(ctx context.Context, link string, body io.Reader, transform func(io.Writer, io.Reader) error, w io.Writer) (int64, string, error) {
	digest := sha256.New()
	out := &countingWriter{w: io.MultiWriter(w, digest)}
	in := &bodyReader{r: body}

	var err error
	if transform != nil {
		err = transform(out, in)
	} else {
		_, err = io.Copy(out, in)
	}

	switch {
	case err == nil:
		return out.n, hexDigest(digest), nil
	case ctx.Err() != nil:
		return 0, "", fmt.Errorf("read %s: %w", link, ctx.Err())
	case in.err != nil:
		return 0, "", retryable(fmt.Errorf("read %s: %w", link, in.err))
	case transform != nil:
		return 0, "", fmt.Errorf("convert %s: %w", link, err)
	default:
		return 0, "", fmt.Errorf("write %s: %w", link, err)
	}
}

func hexDigest(h hash.Hash) string { return hex.EncodeToString(h.Sum(nil)) }

// FileURL returns the URL that file is downloaded from.
func (f *Fetcher) FileURL(file File) string {
	base := f.BaseURL
	if base == "" {
		base = DefaultBaseURL
	}

	segments := strings.Split(file.Repo+"/"+file.Commit+"/"+file.Path, "/")
	for i, s := range segments {
		segments[i] = url.PathEscape(s)
	}

	return strings.TrimRight(base, "/") + "/" + strings.Join(segments, "/")
}

func (f *Fetcher) logger() *slog.Logger {
	if f.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}

	return f.Logger
}

func (f *Fetcher) client() *http.Client {
	if f.Client == nil {
		return &http.Client{Timeout: DefaultTimeout}
	}

	return f.Client
}

func (f *Fetcher) retries() int {
	switch {
	case f.Retries < 0:
		return 0
	case f.Retries == 0:
		return DefaultRetries
	}

	return f.Retries
}

func (f *Fetcher) backoff() time.Duration {
	if f.Backoff <= 0 {
		return DefaultBackoff
	}

	return f.Backoff
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)

	return n, err
}

// bodyReader records the first read error other than io.EOF, which
// distinguishes a broken connection from an error of the transform itself.
type bodyReader struct {
	r   io.Reader
	err error
}

func (b *bodyReader) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) && b.err == nil {
		b.err = err
	}

	return n, err
}
