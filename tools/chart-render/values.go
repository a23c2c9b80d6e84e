package main

import (
	"fmt"
	"strconv"
	"strings"
)

// coalesceValues applies Helm's precedence: chart defaults, then each values file, then each --set.
func coalesceValues(defaults map[string]interface{}, files []string, sets []string) (map[string]interface{}, error) {
	values := deepCopyMapping(defaults)
	for _, file := range files {
		override, err := readYAMLMapping(file)
		if err != nil {
			return nil, err
		}
		mergeValues(values, override)
	}
	for _, expr := range sets {
		override, err := parseSet(expr)
		if err != nil {
			return nil, err
		}
		mergeValues(values, override)
	}
	return values, nil
}

// mergeValues merges override into base in place: mappings merge key by key, an explicit null
// deletes the key (as `helm install --set key=null` does), anything else replaces.
func mergeValues(base, override map[string]interface{}) {
	for key, value := range override {
		if value == nil {
			delete(base, key)
			continue
		}
		overrideMap, overrideIsMap := value.(map[string]interface{})
		baseMap, baseIsMap := base[key].(map[string]interface{})
		if overrideIsMap && baseIsMap {
			mergeValues(baseMap, overrideMap)
			continue
		}
		if overrideIsMap {
			value = deepCopyMapping(overrideMap)
		}
		base[key] = value
	}
}

// parseSet turns "a.b.c=value" into {a: {b: {c: value}}}; value types follow Helm's --set:
// true/false are booleans, integers are int64, null deletes, anything else is a string.
func parseSet(expr string) (map[string]interface{}, error) {
	eq := strings.Index(expr, "=")
	if eq <= 0 {
		return nil, fmt.Errorf("--set %q: want path=value", expr)
	}
	path := strings.Split(expr[:eq], ".")
	raw := expr[eq+1:]
	var value interface{} = raw
	switch {
	case raw == "true":
		value = true
	case raw == "false":
		value = false
	case raw == "null":
		value = nil
	default:
		if n, err := strconv.ParseInt(raw, 10, 64); err == nil {
			value = n
		}
	}
	root := map[string]interface{}{}
	node := root
	for i, key := range path {
		if key == "" {
			return nil, fmt.Errorf("--set %q: empty path segment", expr)
		}
		if i == len(path)-1 {
			node[key] = value
			break
		}
		child := map[string]interface{}{}
		node[key] = child
		node = child
	}
	return root, nil
}

// normalize converts YAML-decoded data into JSON-compatible shapes (string-keyed mappings).
func normalize(v interface{}) interface{} {
	switch t := v.(type) {
	case map[string]interface{}:
		out := make(map[string]interface{}, len(t))
		for k, item := range t {
			out[k] = normalize(item)
		}
		return out
	case map[interface{}]interface{}:
		out := make(map[string]interface{}, len(t))
		for k, item := range t {
			out[fmt.Sprint(k)] = normalize(item)
		}
		return out
	case []interface{}:
		out := make([]interface{}, len(t))
		for i, item := range t {
			out[i] = normalize(item)
		}
		return out
	default:
		return v
	}
}

func deepCopyMapping(m map[string]interface{}) map[string]interface{} {
	return normalize(m).(map[string]interface{})
}
