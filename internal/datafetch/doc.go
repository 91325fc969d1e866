// Package datafetch downloads the public datasets that Tailor reads into
// a local data folder.
//
// Every file is fetched from a GitHub repository at a fixed commit,
// through raw.githubusercontent.com-style URLs of the form
// BASE/OWNER/NAME/COMMIT/PATH. The base URL can be replaced, so that tests
// and mirrors serve the same paths. Each file is written to a temporary
// file in its destination folder and renamed into place only when the
// download is complete and, for JSON and JSON Lines files, parses.
package datafetch
