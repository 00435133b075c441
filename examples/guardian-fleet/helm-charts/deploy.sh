#!/usr/bin/env bash
# Deploy the guardian services with Helm.
#
# Usage: ./deploy.sh <release> <env>
#   ./deploy.sh guardian-services dev   # the whole fleet
#   ./deploy.sh tokenguard prod         # one service: the release is named after it
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "Usage: $0 <release> <env>" >&2
  echo "  env: dev | prod" >&2
  exit 64
fi

RELEASE="$1"
ENV="$2"

cd "$(dirname "$0")"

if [[ ! -f "values-$ENV.yaml" ]]; then
  echo "No values file for environment '$ENV' (expected values-$ENV.yaml)" >&2
  exit 1
fi

helm upgrade --install "$RELEASE" ./guardian-services -f values.yaml -f "values-$ENV.yaml" --namespace guardian-services --create-namespace --wait
