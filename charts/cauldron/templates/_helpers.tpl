{{/*
Names. Kubernetes names are capped at 63 characters (DNS labels).
*/}}
{{- define "cauldron.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "cauldron.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Name of one component's objects. Call with (dict "root" $ "component" "auth"). */}}
{{- define "cauldron.componentName" -}}
{{- printf "%s-%s" (include "cauldron.fullname" .root) .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "cauldron.configMapName" -}}
{{- printf "%s-config" (include "cauldron.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels. Selector labels never change across upgrades (Deployment selectors are immutable), so
version and chart labels stay out of them.
*/}}
{{- define "cauldron.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "cauldron.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: cauldron
{{- end }}

{{- define "cauldron.selectorLabels" -}}
{{ include "cauldron.releaseSelectorLabels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* Labels every pod of this release carries: the "sibling" peer of the NetworkPolicies. */}}
{{- define "cauldron.releaseSelectorLabels" -}}
app.kubernetes.io/name: {{ include "cauldron.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "cauldron.image" -}}
{{- $image := .Values.image }}
{{- if $image.digest }}
{{- printf "%s@%s" $image.repository $image.digest }}
{{- else }}
{{- printf "%s:%s" $image.repository (default .Chart.AppVersion $image.tag) }}
{{- end }}
{{- end }}

{{/*
Connection URLs are composed inside the pod from a password in an existing Secret, through
Kubernetes' $(VAR) expansion of earlier env entries, so no credential is ever written into a
rendered manifest or ConfigMap. Call with (dict "root" $ "user" "cauldron_app" "passwordKey" "app-password" "var" "DATABASE").
Emits env entries <var>_PASSWORD and <var>_URL.
*/}}
{{- define "cauldron.databaseEnv" -}}
{{- $db := .root.Values.database -}}
- name: {{ .var }}_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ required "database.existingSecret is required: a Secret holding the database roles' passwords" $db.existingSecret }}
      key: {{ .passwordKey }}
- name: {{ .var }}_URL
  value: {{ printf "postgres://%s:$(%s_PASSWORD)@%s:%d/%s%s" .user .var (required "database.host is required" $db.host) (int $db.port) $db.name (ternary (printf "?sslmode=%s" $db.sslMode) "" (ne $db.sslMode "")) | quote }}
{{- end }}

{{- define "cauldron.redisEnv" -}}
{{- $redis := .Values.redis }}
{{- $scheme := ternary "rediss" "redis" $redis.tls }}
{{- $host := required "redis.host is required" $redis.host }}
{{- if $redis.existingSecret -}}
- name: REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $redis.existingSecret }}
      key: {{ $redis.passwordKey }}
- name: REDIS_URL
  value: {{ printf "%s://%s:$(REDIS_PASSWORD)@%s:%d/%d" $scheme $redis.username $host (int $redis.port) (int $redis.db) | quote }}
{{- else -}}
- name: REDIS_URL
  value: {{ printf "%s://%s:%d/%d" $scheme $host (int $redis.port) (int $redis.db) | quote }}
{{- end }}
{{- end }}

{{/*
Env entries read from existing Secrets: the release-wide secretEnv, then those the chart derives
for the service (object store, model endpoints), then the service's own; a later one replaces an
earlier one of the same variable name. Call with (dict "root" $ "name" "auth" "service" $svc).
*/}}
{{- define "cauldron.secretEnv" -}}
{{- $refs := dict }}
{{- $derived := include "cauldron.derivedSecretEnv" (dict "root" .root "name" .name) | fromYaml }}
{{- range $source := list (.root.Values.secretEnv | default dict) $derived (.service.secretEnv | default dict) }}
{{- range $name, $ref := $source }}
{{- $_ := set $refs $name $ref }}
{{- end }}
{{- end }}
{{- range $name := keys $refs | sortAlpha }}
{{- include "cauldron.secretKeyRef" (dict "name" $name "ref" (get $refs $name)) }}
{{- end }}
{{- end }}

{{/* Plain env entries of one service: those the chart derives, replaced by the service's own. */}}
{{- define "cauldron.plainEnv" -}}
{{- $env := include "cauldron.derivedEnv" (dict "root" .root "name" .name) | fromYaml }}
{{- range $name, $value := .service.env | default dict }}
{{- $_ := set $env $name $value }}
{{- end }}
{{- range $name := keys $env | sortAlpha }}
- name: {{ $name }}
  value: {{ include "cauldron.envValue" (get $env $name) | quote }}
{{- end }}
{{- end }}

{{/* A value as an environment variable's text; Helm reads YAML numbers as floats, so 3600000 stays 3600000. */}}
{{- define "cauldron.envValue" -}}
{{- if and (kindIs "float64" .) (eq . (float64 (int64 .))) }}
{{- int64 . }}
{{- else }}
{{- toString . }}
{{- end }}
{{- end }}

{{- define "cauldron.secretKeyRef" }}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ .ref.secretName }}
      key: {{ .ref.key }}
      {{- if .ref.optional }}
      optional: true
      {{- end }}
{{- end }}

{{/* The hardened security contexts every pod and container of the chart runs with. */}}
{{- define "cauldron.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.securityContext.runAsUser }}
runAsGroup: {{ .Values.securityContext.runAsGroup }}
fsGroup: {{ .Values.securityContext.fsGroup }}
seccompProfile:
  type: {{ .Values.securityContext.seccompProfile }}
{{- end }}

{{- define "cauldron.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop:
    - ALL
{{- end }}

{{/* Services that are switched on, sorted by name. */}}
{{- define "cauldron.enabledServices" -}}
{{- range $name, $svc := .Values.services }}
{{- if $svc.enabled }}
- {{ $name }}
{{- end }}
{{- end }}
{{- end }}
