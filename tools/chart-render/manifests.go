package main

import (
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

type manifest struct {
	source string
	kind   string
	name   string
	body   string
}

// documentSeparator is the pattern Helm splits rendered templates on.
var documentSeparator = regexp.MustCompile(`(?:^|\s*\n)---\s*`)

// installOrder is Helm's order of kinds for install; kinds not listed go last.
var installOrder = []string{
	"Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "PodSecurityPolicy",
	"PodDisruptionBudget", "ServiceAccount", "Secret", "ConfigMap", "StorageClass",
	"PersistentVolume", "PersistentVolumeClaim", "CustomResourceDefinition", "ClusterRole",
	"ClusterRoleBinding", "Role", "RoleBinding", "Service", "DaemonSet", "Pod",
	"ReplicationController", "ReplicaSet", "Deployment", "HorizontalPodAutoscaler",
	"StatefulSet", "Job", "CronJob", "IngressClass", "Ingress", "APIService",
}

// splitManifests cuts each template's output into documents, drops empty ones (blank or only
// comments) and checks that every other one is YAML naming apiVersion, kind and metadata.name.
func splitManifests(files map[string]string) ([]manifest, error) {
	var out []manifest
	for source, text := range files {
		for _, body := range documentSeparator.Split(text, -1) {
			var doc interface{}
			if err := yaml.Unmarshal([]byte(body), &doc); err != nil {
				return nil, fmt.Errorf("YAML parse error on %s: %v\n%s", source, err, numberLines(body))
			}
			if doc == nil {
				continue
			}
			object, ok := normalize(doc).(map[string]interface{})
			if !ok {
				return nil, fmt.Errorf("%s: a document is not a mapping:\n%s", source, numberLines(body))
			}
			apiVersion, _ := object["apiVersion"].(string)
			kind, _ := object["kind"].(string)
			metadata, _ := object["metadata"].(map[string]interface{})
			name, _ := metadata["name"].(string)
			if apiVersion == "" || kind == "" || name == "" {
				return nil, fmt.Errorf("%s: a document lacks apiVersion, kind or metadata.name:\n%s", source, numberLines(body))
			}
			out = append(out, manifest{source: source, kind: kind, name: name, body: strings.TrimSpace(body)})
		}
	}
	rank := map[string]int{}
	for i, kind := range installOrder {
		rank[kind] = i + 1
	}
	weight := func(kind string) int {
		if r, ok := rank[kind]; ok {
			return r
		}
		return len(installOrder) + 1
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if weight(a.kind) != weight(b.kind) {
			return weight(a.kind) < weight(b.kind)
		}
		if a.kind != b.kind {
			return a.kind < b.kind
		}
		if a.name != b.name {
			return a.name < b.name
		}
		return a.source < b.source
	})
	return out, nil
}

func writeManifests(w io.Writer, docs []manifest) error {
	for _, doc := range docs {
		if _, err := fmt.Fprintf(w, "---\n# Source: %s\n%s\n", doc.source, doc.body); err != nil {
			return err
		}
	}
	return nil
}

func numberLines(text string) string {
	lines := strings.Split(text, "\n")
	for i, line := range lines {
		lines[i] = fmt.Sprintf("%4d | %s", i+1, line)
	}
	return strings.Join(lines, "\n")
}
