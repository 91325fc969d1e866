package main

import (
	"context"
	"flag"
	"fmt"
	"net/url"
	"strings"

	"github.com/tailorsearch/tailor/internal/datafetch"
)

// dataUsage is the help of "tailor data".
const dataUsage = `Usage: tailor data fetch DATASET [--dir DIR] [--force] [--base-url URL]

Downloads a public dataset into the data folder. DATASET is one of: %s.
Run "tailor data fetch -h" for the options.
`

// runData runs "tailor data SUBCOMMAND".
func runData(ctx context.Context, a *app, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: missing subcommand; run \"tailor data fetch DATASET\"", errUsage)
	}

	switch args[0] {
	case "fetch":
		return runDataFetch(ctx, a, args[1:])
	case "help", "-h", "--help":
		fmt.Fprintf(a.stdout, dataUsage, strings.Join(datafetch.Names(), ", "))
		return flag.ErrHelp
	}

	return fmt.Errorf("%w: unknown subcommand %q; run \"tailor data fetch DATASET\"", errUsage, args[0])
}

// runDataFetch runs "tailor data fetch DATASET [options]". Options may
// come before or after the dataset name.
func runDataFetch(ctx context.Context, a *app, args []string) error {
	names := strings.Join(datafetch.Names(), "|")
	fs := a.newFlagSet("data fetch", names+" [--dir DIR] [--force] [--base-url URL]")
	dir := fs.String("dir", dataDir(), "folder to download into; TAILOR_DATA_DIR sets the default")
	force := fs.Bool("force", false, "download files again even when they already exist")
	baseURL := fs.String("base-url", datafetch.DefaultBaseURL, "base URL that serves OWNER/NAME/COMMIT/PATH of the source repositories")

	if err := parseFlags(fs, args, true); err != nil {
		return err
	}

	if fs.NArg() == 0 {
		return fmt.Errorf("%w: missing dataset name; expected one of %s", errUsage, names)
	}

	name := fs.Arg(0)
	if err := parseFlags(fs, fs.Args()[1:], false); err != nil {
		return err
	}

	if _, err := datafetch.Lookup(name); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}

	if err := checkBaseURL(*baseURL); err != nil {
		return err
	}

	res, err := a.downloadDataset(ctx, name, *dir, *baseURL, *force)
	if err != nil {
		return err
	}

	fmt.Fprintf(a.stdout, "%s: %d files downloaded (%d bytes), %d already present, in %s\n", name, res.Downloaded, res.Bytes, res.Skipped, *dir)

	return nil
}

// downloadDataset downloads the dataset called name into dir from
// baseURL, keeping files that exist unless force is set.
func (a *app) downloadDataset(ctx context.Context, name, dir, baseURL string, force bool) (datafetch.Result, error) {
	ds, err := datafetch.Lookup(name)
	if err != nil {
		return datafetch.Result{}, err
	}

	fetcher := &datafetch.Fetcher{BaseURL: baseURL, Force: force, Logger: a.logger}

	return fetcher.Fetch(ctx, dir, ds)
}

// checkBaseURL rejects a base URL that is not an absolute http or https URL.
func checkBaseURL(raw string) error {
	u, err := url.Parse(raw)
	if err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		return nil
	}

	return fmt.Errorf("%w: invalid --base-url %q: must be an absolute http or https URL", errUsage, raw)
}
