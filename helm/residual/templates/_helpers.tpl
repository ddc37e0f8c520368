{{/* Names and labels. */}}
{{- define "residual.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "residual.fullname" -}}
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

{{- define "residual.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "residual.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Selector labels of one role: call with (dict "root" $ "role" "api"). */}}
{{- define "residual.selectorLabels" -}}
app.kubernetes.io/name: {{ include "residual.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .role }}
{{- end }}

{{- define "residual.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "residual.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The image of one role: call with (dict "root" $ "spec" .Values.trainer). */}}
{{- define "residual.image" -}}
{{- $values := .root.Values }}
{{- $own := default dict .spec.image }}
{{- $repository := default $values.image.repository $own.repository }}
{{- $tag := default (default .root.Chart.AppVersion $values.image.tag) $own.tag }}
{{- printf "%s:%s" $repository $tag }}
{{- end }}

{{/* More than one pod shares the database and the volume. */}}
{{- define "residual.shared" -}}
{{- if or .Values.trainer.enabled .Values.api.autoscaling.enabled (gt (int .Values.api.replicas) 1) }}true{{ end }}
{{- end }}

{{/* The Secret holding the API tokens, if any. */}}
{{- define "residual.tokensSecret" -}}
{{- if .Values.security.existingSecret }}
{{- .Values.security.existingSecret }}
{{- else if or .Values.security.tokens (not .Values.security.allowUnauthenticated) }}
{{- printf "%s-tokens" (include "residual.fullname" .) }}
{{- end }}
{{- end }}

{{/* The Secret holding the database credentials, if any. */}}
{{- define "residual.databaseSecret" -}}
{{- if .Values.database.existingSecret }}
{{- .Values.database.existingSecret }}
{{- else if .Values.database.url }}
{{- printf "%s-database" (include "residual.fullname" .) }}
{{- end }}
{{- end }}

{{/* Refuses values that would deploy something broken, with the fix in the message. */}}
{{- define "residual.validate" -}}
{{- if and (include "residual.shared" .) (not .Values.database.url) }}
{{- fail "Several pods (api.replicas > 1, api.autoscaling or trainer) share one database: set database.url to a PostgreSQL JDBC URL; the embedded H2 serves a single pod only." }}
{{- end }}
{{- if and .Values.database.url (not .Values.database.existingSecret) (not .Values.database.password) }}
{{- fail "database.url is set: give database.password or database.existingSecret." }}
{{- end }}
{{- if and (include "residual.shared" .) .Values.persistence.enabled (not .Values.persistence.existingClaim) (not (has "ReadWriteMany" .Values.persistence.accessModes)) }}
{{- fail "Several pods share the data directory: persistence.accessModes must include ReadWriteMany (or give persistence.existingClaim)." }}
{{- end }}
{{- if and (include "residual.shared" .) (not .Values.persistence.enabled) }}
{{- fail "Several pods share the data directory (checkpoints, datasets): keep persistence.enabled." }}
{{- end }}
{{- end }}

{{/*
The salt of the pods' checksum/secret annotation, so that the annotation (readable by anyone who
may list pods) cannot be checked against guesses of the database password or a token: the value
checksumSalt when set (pods then roll only when a secret value changes), else a new random one for
each render (pods roll on every upgrade). Call with the root context.
*/}}
{{- define "residual.checksumSalt" -}}
{{- if not (hasKey . "residualChecksumSalt") -}}
{{- $_ := set . "residualChecksumSalt" (.Values.checksumSalt | default (randAlphaNum 32)) -}}
{{- end -}}
{{- get . "residualChecksumSalt" -}}
{{- end }}

{{/* PromQL label matchers that pick this release's series (rules, KEDA). */}}
{{- define "residual.metricsSelector" -}}
{{- if .Values.metrics.selector }}
{{- .Values.metrics.selector }}
{{- else }}
{{- printf "namespace=%q,job=%q" (default "default" .Release.Namespace) (printf "%s-metrics" (include "residual.fullname" .)) }}
{{- end }}
{{- end }}
