{{/*
Settings the chart derives for one service from the release-wide values (public URLs, the object
store, model endpoints), as YAML NAME: value. The service's own env entry of the same name wins.
Call with (dict "root" $ "name" "storage").
*/}}
{{- define "cauldron.derivedEnv" -}}
{{- $values := .root.Values }}
{{- $env := dict }}
{{- $app := trimSuffix "/" $values.publicUrls.app }}
{{- if and (eq .name "auth") $app }}
{{- $_ := set $env "AUTH_APP_URL" $app }}
{{- else if and (eq .name "org") $app }}
{{- $_ := set $env "ORG_INVITATION_URL" (printf "%s/invitations/accept" $app) }}
{{- else if and (eq .name "vector") $values.models.embeddingPrivateHosts }}
{{- $_ := set $env "VECTOR_EMBEDDING_PRIVATE_HOSTS" $values.models.embeddingPrivateHosts }}
{{- else if and (eq .name "lore") $values.models.chatExtractor.url }}
{{- $_ := set $env "LORE_CHAT_EXTRACTOR_URL" $values.models.chatExtractor.url }}
{{- $_ := set $env "LORE_CHAT_EXTRACTOR_MODEL" $values.models.chatExtractor.model }}
{{- else if eq .name "storage" }}
{{- $store := $values.objectStore }}
{{- $_ := set $env "STORAGE_BACKEND" $store.backend }}
{{- if eq $store.backend "s3" }}
{{- $_ := set $env "STORAGE_S3_BUCKET" (required "objectStore.s3.bucket is required when objectStore.backend is s3" $store.s3.bucket) }}
{{- $_ := set $env "STORAGE_S3_REGION" $store.s3.region }}
{{- $_ := set $env "STORAGE_S3_FORCE_PATH_STYLE" (toString $store.s3.forcePathStyle) }}
{{- with $store.s3.endpoint }}
{{- $_ := set $env "STORAGE_S3_ENDPOINT" . }}
{{- end }}
{{- else }}
{{- $_ := set $env "STORAGE_DATA_DIR" $store.filesystem.mountPath }}
{{- end }}
{{- $api := include "cauldron.apiUrl" .root }}
{{- if and $api $values.services.storage.ingress.enabled }}
{{- $_ := set $env "STORAGE_PUBLIC_URL" (printf "%s/storage" $api) }}
{{- end }}
{{- end }}
{{- toYaml $env }}
{{- end }}

{{/* Secret references the chart derives for one service, as YAML NAME: {secretName, key}. */}}
{{- define "cauldron.derivedSecretEnv" -}}
{{- $values := .root.Values }}
{{- $refs := dict }}
{{- $extractor := $values.models.chatExtractor }}
{{- if and (eq .name "lore") $extractor.url $extractor.existingSecret }}
{{- $_ := set $refs "LORE_CHAT_EXTRACTOR_API_KEY" (dict "secretName" $extractor.existingSecret "key" $extractor.apiKeyKey) }}
{{- else if and (eq .name "storage") (eq $values.objectStore.backend "s3") }}
{{- $s3 := $values.objectStore.s3 }}
{{- $secret := required "objectStore.s3.existingSecret is required when objectStore.backend is s3" $s3.existingSecret }}
{{- $_ := set $refs "STORAGE_S3_ACCESS_KEY_ID" (dict "secretName" $secret "key" $s3.accessKeyIdKey) }}
{{- $_ := set $refs "STORAGE_S3_SECRET_ACCESS_KEY" (dict "secretName" $secret "key" $s3.secretAccessKeyKey) }}
{{- end }}
{{- toYaml $refs }}
{{- end }}

{{/* The API's public base URL: publicUrls.api, else the Ingress host; empty when neither is known. */}}
{{- define "cauldron.apiUrl" -}}
{{- if .Values.publicUrls.api }}
{{- trimSuffix "/" .Values.publicUrls.api }}
{{- else if and .Values.ingress.enabled .Values.ingress.host }}
{{- printf "%s://%s" (ternary "https" "http" (gt (len .Values.ingress.tls) 0)) .Values.ingress.host }}
{{- end }}
{{- end }}

{{/*
Whether the storage pods mount a PersistentVolumeClaim, and whether several pods may mount it at
once (ReadWriteMany); with one writer only, the Deployment replaces its pod instead of rolling.
*/}}
{{- define "cauldron.objectVolume" -}}
{{- if and .Values.services.storage.enabled (eq .Values.objectStore.backend "filesystem") }}
{{- if has "ReadWriteMany" .Values.objectStore.filesystem.accessModes }}shared{{ else }}single{{ end }}
{{- end }}
{{- end }}

{{- define "cauldron.objectClaimName" -}}
{{- .Values.objectStore.filesystem.existingClaim | default (include "cauldron.componentName" (dict "root" . "component" "storage-objects")) }}
{{- end }}
