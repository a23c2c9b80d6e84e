// Command chart-render renders a Helm chart the way `helm template` does, without Helm: Go's
// text/template with the sprig function library (the engine Helm itself uses), Helm's own
// functions (include, tpl, required, toYaml, fromYaml, toJson, fromJson, lookup), Helm's values
// coalescing (chart defaults, then each -f file, then each --set; null deletes a key) and Helm's
// built-in objects (.Values, .Release, .Chart, .Capabilities, .Template, .Files).
//
// Usage:
//
//	chart-render --chart charts/cauldron [-f extra.yaml]... [--set a.b=c]... [--release-name cauldron]
//	             [--namespace default] [--kube-version 1.30.0] [--print-values | --notes]
//
// It prints a multi-document YAML stream (one `# Source:` comment per document), or with
// --print-values the coalesced values as JSON (for values.schema.json validation), or with --notes
// the rendered NOTES.txt. Any template error, YAML error or unmet Chart.yaml kubeVersion exits 1.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
)

type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

type options struct {
	chartDir    string
	valueFiles  stringList
	sets        stringList
	releaseName string
	namespace   string
	kubeVersion string
	printValues bool
	notes       bool
}

func parseOptions(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("chart-render", flag.ContinueOnError)
	fs.StringVar(&o.chartDir, "chart", "", "chart directory (holds Chart.yaml)")
	fs.Var(&o.valueFiles, "f", "extra values file, applied in order (repeatable)")
	fs.Var(&o.valueFiles, "values", "same as -f")
	fs.Var(&o.sets, "set", "override one value: dotted.path=value (repeatable)")
	fs.StringVar(&o.releaseName, "release-name", "cauldron", "release name (.Release.Name)")
	fs.StringVar(&o.namespace, "namespace", "default", "release namespace (.Release.Namespace)")
	fs.StringVar(&o.kubeVersion, "kube-version", "1.30.0", "Kubernetes version for .Capabilities")
	fs.BoolVar(&o.printValues, "print-values", false, "print the coalesced values as JSON and exit")
	fs.BoolVar(&o.notes, "notes", false, "print the rendered NOTES.txt instead of the manifests")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if o.chartDir == "" {
		return o, fmt.Errorf("--chart is required")
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	return o, nil
}

func run(o options) error {
	chart, err := loadChart(o.chartDir)
	if err != nil {
		return err
	}
	values, err := coalesceValues(chart.defaults, o.valueFiles, o.sets)
	if err != nil {
		return err
	}
	if o.printValues {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(values)
	}
	caps, err := newCapabilities(o.kubeVersion)
	if err != nil {
		return err
	}
	if err := checkKubeVersion(chart, caps); err != nil {
		return err
	}
	release := map[string]interface{}{
		"Name": o.releaseName, "Namespace": o.namespace, "Service": "Helm",
		"IsInstall": true, "IsUpgrade": false, "Revision": 1,
	}
	rendered, err := renderTemplates(chart, values, release, caps)
	if err != nil {
		return err
	}
	if o.notes {
		fmt.Print(rendered.notes)
		return nil
	}
	docs, err := splitManifests(rendered.files)
	if err != nil {
		return err
	}
	return writeManifests(os.Stdout, docs)
}

func main() {
	o, err := parseOptions(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "chart-render:", err)
		os.Exit(2)
	}
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "chart-render:", err)
		os.Exit(1)
	}
}
