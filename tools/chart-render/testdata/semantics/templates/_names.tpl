{{- define "semantics.name" -}}
{{ .Chart.Name }}-{{ .Release.Name }}
{{- end }}
