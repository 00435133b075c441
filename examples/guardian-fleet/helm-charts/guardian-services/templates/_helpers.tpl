{{/*
Chart name and version, for the helm.sh/chart label.
*/}}
{{- define "guardian-services.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Labels of one service. Call with (dict "root" $ "svc" $svc).
*/}}
{{- define "guardian-services.labels" -}}
{{ include "guardian-services.selectorLabels" . }}
app.kubernetes.io/name: {{ .svc.name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/part-of: atomic-guardians
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ include "guardian-services.chart" .root }}
{{- end -}}

{{/*
Selector labels of one service (must stay stable across upgrades).
*/}}
{{- define "guardian-services.selectorLabels" -}}
app: {{ .svc.name }}
{{- end -}}

{{/*
Full image reference: <registry>/<repository>:<tag>; a service's own tag wins.
*/}}
{{- define "guardian-services.image" -}}
{{- $repository := .svc.image | default .svc.name -}}
{{- $tag := .svc.tag | default .root.Values.image.tag -}}
{{- printf "%s/%s:%s" .root.Values.image.registry $repository (toString $tag) -}}
{{- end -}}

{{/*
"true" when this release deploys the service: the fleet release deploys all of
them, a release named after a service deploys only that one.
*/}}
{{- define "guardian-services.selected" -}}
{{- if or (eq .root.Release.Name .root.Values.fleetRelease) (eq .root.Release.Name .svc.name) -}}
true
{{- end -}}
{{- end -}}
