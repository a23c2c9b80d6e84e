package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig"
	"gopkg.in/yaml.v3"
)

// maxIncludeDepth stops runaway recursion through include, as Helm does.
const maxIncludeDepth = 1000

type renderedChart struct {
	files map[string]string // manifest templates' output by template name
	notes string
}

// renderTemplates parses every file under templates/ into one set (so `define`s in partials are
// shared) and executes each non-partial file with its own .Template, like Helm's engine.
func renderTemplates(c *chart, values map[string]interface{}, release map[string]interface{}, caps capabilities) (renderedChart, error) {
	root := template.New("gotpl")
	root.Option("missingkey=zero")
	root.Funcs(helmFuncs(root, c))

	names := make([]string, 0, len(c.templates))
	for name := range c.templates {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if _, err := root.New(name).Parse(c.templates[name]); err != nil {
			return renderedChart{}, fmt.Errorf("parse error: %v", err)
		}
	}

	out := renderedChart{files: map[string]string{}}
	for _, name := range names {
		base := path.Base(name)
		if strings.HasPrefix(base, "_") {
			continue
		}
		isNotes := base == "NOTES.txt"
		if !isNotes && path.Ext(base) != ".yaml" && path.Ext(base) != ".yml" {
			continue
		}
		data := map[string]interface{}{
			"Values":       values,
			"Release":      release,
			"Chart":        c.metadata,
			"Capabilities": caps,
			"Files":        chartFiles{dir: c.dir},
			"Template":     map[string]interface{}{"Name": name, "BasePath": c.name + "/templates"},
		}
		var buf bytes.Buffer
		if err := root.ExecuteTemplate(&buf, name, data); err != nil {
			return renderedChart{}, fmt.Errorf("render error: %v", err)
		}
		text := strings.ReplaceAll(buf.String(), "<no value>", "")
		if isNotes {
			out.notes = text
		} else {
			out.files[name] = text
		}
	}
	return out, nil
}

// helmFuncs is sprig's text function map without its non-hermetic env lookups, plus the functions
// Helm adds. include and tpl need the template set itself, so they close over root.
func helmFuncs(root *template.Template, c *chart) template.FuncMap {
	funcs := sprig.TxtFuncMap()
	delete(funcs, "env")
	delete(funcs, "expandenv")

	depth := 0
	funcs["include"] = func(name string, data interface{}) (string, error) {
		if depth >= maxIncludeDepth {
			return "", fmt.Errorf("include %q: rendering went deeper than %d levels", name, maxIncludeDepth)
		}
		depth++
		defer func() { depth-- }()
		var buf bytes.Buffer
		if err := root.ExecuteTemplate(&buf, name, data); err != nil {
			return "", err
		}
		return buf.String(), nil
	}
	funcs["tpl"] = func(source string, data interface{}) (string, error) {
		clone, err := root.Clone()
		if err != nil {
			return "", err
		}
		t, err := clone.New("tpl").Parse(source)
		if err != nil {
			return "", fmt.Errorf("tpl: %v", err)
		}
		var buf bytes.Buffer
		if err := t.Execute(&buf, data); err != nil {
			return "", fmt.Errorf("tpl: %v", err)
		}
		return strings.ReplaceAll(buf.String(), "<no value>", ""), nil
	}
	funcs["required"] = func(message string, value interface{}) (interface{}, error) {
		if value == nil {
			return nil, fmt.Errorf("%s", message)
		}
		if s, ok := value.(string); ok && s == "" {
			return nil, fmt.Errorf("%s", message)
		}
		return value, nil
	}
	funcs["toYaml"] = toYAML
	funcs["fromYaml"] = func(source string) map[string]interface{} {
		var m map[string]interface{}
		if err := yaml.Unmarshal([]byte(source), &m); err != nil {
			return map[string]interface{}{"Error": err.Error()}
		}
		return deepCopyMapping(m)
	}
	funcs["fromYamlArray"] = func(source string) []interface{} {
		var a []interface{}
		if err := yaml.Unmarshal([]byte(source), &a); err != nil {
			return []interface{}{err.Error()}
		}
		return normalize(a).([]interface{})
	}
	funcs["toJson"] = func(v interface{}) string {
		data, err := json.Marshal(v)
		if err != nil {
			return ""
		}
		return string(data)
	}
	funcs["fromJson"] = func(source string) map[string]interface{} {
		m := map[string]interface{}{}
		if err := json.Unmarshal([]byte(source), &m); err != nil {
			m["Error"] = err.Error()
		}
		return m
	}
	funcs["fromJsonArray"] = func(source string) []interface{} {
		var a []interface{}
		if err := json.Unmarshal([]byte(source), &a); err != nil {
			return []interface{}{err.Error()}
		}
		return a
	}
	// Without a cluster, Helm's lookup finds nothing; charts must cope with that anyway.
	funcs["lookup"] = func(apiVersion, kind, namespace, name string) (map[string]interface{}, error) {
		return map[string]interface{}{}, nil
	}
	return funcs
}

// toYAML renders like Helm's toYaml: two-space indents, sorted keys, no trailing newline.
func toYAML(v interface{}) string {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		return ""
	}
	_ = enc.Close()
	return strings.TrimSuffix(buf.String(), "\n")
}

// chartFiles is .Files: the chart's non-template files, read on demand.
type chartFiles struct{ dir string }

// Get returns a file's content relative to the chart root, or "" when it is missing (as Helm does).
func (f chartFiles) Get(name string) string {
	clean := filepath.Clean(name)
	if filepath.IsAbs(clean) || strings.HasPrefix(clean, "..") {
		return ""
	}
	data, err := os.ReadFile(filepath.Join(f.dir, clean))
	if err != nil {
		return ""
	}
	return string(data)
}
