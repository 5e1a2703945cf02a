{{/*
Helpers of the hsrl-operator chart. The templates use a small subset of Go templates (documented in
deploy/helm/README.md) so that src/test renders them where Helm is not installable.
*/}}

{{/* The namespace of the operator and the A/B controller. */}}
{{- define "hsrl.namespace" -}}
{{ .Values.namespace.name | default .Release.Namespace }}
{{- end }}

{{/* Labels every object of the chart carries (besides app.kubernetes.io/name). */}}
{{- define "hsrl.labels" -}}
app.kubernetes.io/part-of: hsrl
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end }}

{{/* An image reference; the context is one entry of .Values.images. */}}
{{- define "hsrl.image" -}}
{{ .repository }}:{{ .tag }}
{{- end }}

{{/* The object store's endpoint: the value, or the in-cluster MinIO when it is enabled. */}}
{{- define "hsrl.objectStoreEndpoint" -}}
{{- if .Values.objectStore.endpoint -}}
{{ .Values.objectStore.endpoint }}
{{- else -}}
http://minio.{{ include "hsrl.namespace" . }}.svc:9000
{{- end -}}
{{- end }}

{{/* imagePullSecrets of a pod spec, when any are configured. */}}
{{- define "hsrl.imagePullSecrets" -}}
{{- if .Values.imagePullSecrets -}}
imagePullSecrets:
{{- range .Values.imagePullSecrets }}
  - name: {{ . }}
{{- end }}
{{- end -}}
{{- end }}
