package export

import (
	"runtime/debug"
	"strconv"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
)

// Schema metadata keys that every exported table carries.
const (
	KeyTailorVersion = "tailor.version"
	KeyModelVersion  = "tailor.model_version" // empty when the graph has no trained model
	KeyExportedAt    = "tailor.exported_at"   // RFC 3339 in UTC
	KeyTable         = "tailor.table"

	// KeyDescription is the field metadata key of a field's description.
	KeyDescription = "description"
)

// Stamp is the export's own record, stored in every table's schema metadata.
type Stamp struct {
	TailorVersion string
	Model         Model // zero when the graph has no trained model
	ExportedAt    time.Time
}

// annotate returns schema with t's field descriptions and the stamp's
// metadata. Nested fields keep their own (empty) metadata.
func annotate(t Table, schema *arrow.Schema, st Stamp) *arrow.Schema {
	fields := make([]arrow.Field, schema.NumFields())
	for i, f := range schema.Fields() {
		f.Metadata = arrow.NewMetadata([]string{KeyDescription}, []string{t.fields[f.Name]})
		fields[i] = f
	}

	model := ""
	if st.Model.Version > 0 {
		model = strconv.FormatInt(st.Model.Version, 10)
	}

	meta := arrow.NewMetadata(
		[]string{KeyTable, KeyTailorVersion, KeyModelVersion, KeyExportedAt},
		[]string{t.Name, st.TailorVersion, model, st.ExportedAt.UTC().Format(time.RFC3339)},
	)

	return arrow.NewSchema(fields, &meta)
}

// BuildVersion returns the version of the running binary from its build
// information: the module version, or "devel" for a build from a
// checkout, followed by the VCS revision and "-dirty" when the checkout
// had changes.
func BuildVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}

	version := info.Main.Version
	if version == "" || version == "(devel)" {
		version = "devel"
	}

	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}

	if rev := settings["vcs.revision"]; rev != "" {
		version += "+" + rev[:min(12, len(rev))]
		if settings["vcs.modified"] == "true" {
			version += "-dirty"
		}
	}

	return version
}
