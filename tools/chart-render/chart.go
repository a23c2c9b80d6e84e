package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"

	"github.com/Masterminds/semver"
	"gopkg.in/yaml.v3"
)

// chart is what the renderer needs from a chart directory.
type chart struct {
	dir       string
	name      string
	metadata  map[string]interface{} // .Chart: Chart.yaml with Helm's field names (Name, AppVersion…)
	defaults  map[string]interface{} // values.yaml
	templates map[string]string      // "<chart>/templates/<path>" → source
}

func loadChart(dir string) (*chart, error) {
	raw, err := readYAMLMapping(filepath.Join(dir, "Chart.yaml"))
	if err != nil {
		return nil, err
	}
	for _, field := range []string{"apiVersion", "name", "version"} {
		if s, _ := raw[field].(string); s == "" {
			return nil, fmt.Errorf("Chart.yaml: %s is required", field)
		}
	}
	if raw["apiVersion"] != "v2" {
		return nil, fmt.Errorf("Chart.yaml: apiVersion must be v2, got %v", raw["apiVersion"])
	}
	if _, err := semver.StrictNewVersion(raw["version"].(string)); err != nil {
		return nil, fmt.Errorf("Chart.yaml: version %q is not SemVer 2: %v", raw["version"], err)
	}
	c := &chart{dir: dir, name: raw["name"].(string), metadata: map[string]interface{}{}}
	for key, value := range raw {
		c.metadata[helmFieldName(key)] = value
	}
	valuesPath := filepath.Join(dir, "values.yaml")
	if _, err := os.Stat(valuesPath); err == nil {
		if c.defaults, err = readYAMLMapping(valuesPath); err != nil {
			return nil, err
		}
	} else {
		c.defaults = map[string]interface{}{}
	}
	c.templates, err = readTemplates(dir, c.name)
	return c, err
}

// helmFieldName maps a Chart.yaml key to the Go field name Helm exposes under .Chart.
func helmFieldName(key string) string {
	if key == "apiVersion" {
		return "APIVersion"
	}
	runes := []rune(key)
	runes[0] = unicode.ToUpper(runes[0])
	return string(runes)
}

func readTemplates(dir, chartName string) (map[string]string, error) {
	root := filepath.Join(dir, "templates")
	templates := map[string]string{}
	err := filepath.Walk(root, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		source, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		templates[chartName+"/templates/"+filepath.ToSlash(rel)] = string(source)
		return nil
	})
	return templates, err
}

func readYAMLMapping(path string) (map[string]interface{}, error) {
	source, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc interface{}
	if err := yaml.Unmarshal(source, &doc); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if doc == nil {
		return map[string]interface{}{}, nil
	}
	mapping, ok := normalize(doc).(map[string]interface{})
	if !ok {
		return nil, fmt.Errorf("%s: top level must be a mapping", path)
	}
	return mapping, nil
}

// capabilities stands in for what a cluster would report; .Capabilities in templates.
type capabilities struct {
	KubeVersion kubeVersion
	APIVersions apiVersions
}

type kubeVersion struct {
	Version    string
	Major      string
	Minor      string
	GitVersion string
	semver     *semver.Version
}

func (v kubeVersion) String() string { return v.Version }

type apiVersions []string

// Has answers like Helm's: "group/version" or "group/version/Kind".
func (a apiVersions) Has(wanted string) bool {
	for _, v := range a {
		if v == wanted || strings.HasPrefix(wanted, v+"/") {
			return true
		}
	}
	return false
}

// builtinAPIVersions are the API groups every supported Kubernetes serves; CRDs (ServiceMonitor) are
// not among them, as under `helm template` without a cluster.
var builtinAPIVersions = apiVersions{
	"v1", "apps/v1", "batch/v1", "policy/v1", "autoscaling/v1", "autoscaling/v2",
	"networking.k8s.io/v1", "rbac.authorization.k8s.io/v1", "storage.k8s.io/v1",
}

func newCapabilities(version string) (capabilities, error) {
	v, err := semver.NewVersion(version)
	if err != nil {
		return capabilities{}, fmt.Errorf("--kube-version %q: %v", version, err)
	}
	kv := kubeVersion{
		Version: "v" + v.String(), GitVersion: "v" + v.String(),
		Major: fmt.Sprint(v.Major()), Minor: fmt.Sprint(v.Minor()), semver: v,
	}
	versions := append(apiVersions{}, builtinAPIVersions...)
	sort.Strings(versions)
	return capabilities{KubeVersion: kv, APIVersions: versions}, nil
}

func checkKubeVersion(c *chart, caps capabilities) error {
	constraint, _ := c.metadata["KubeVersion"].(string)
	if constraint == "" {
		return nil
	}
	parsed, err := semver.NewConstraint(constraint)
	if err != nil {
		return fmt.Errorf("Chart.yaml kubeVersion %q: %v", constraint, err)
	}
	if !parsed.Check(caps.KubeVersion.semver) {
		return fmt.Errorf("chart requires kubeVersion %s, rendering for %s", constraint, caps.KubeVersion.Version)
	}
	return nil
}
