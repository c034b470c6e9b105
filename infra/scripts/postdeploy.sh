#!/bin/sh
# Runs after `azd deploy`. Event Grid validates a webhook when the subscription is created, and the blob trigger's
# webhook exists only in the real image, so the uploads subscription is switched on after the first deploy.
set -eu
if [ "${UPLOADS_SUBSCRIPTION_ENABLED:-false}" != "true" ]; then
  echo "Enabling the uploads Event Grid subscription now that the app runs its image..."
  azd env set UPLOADS_SUBSCRIPTION_ENABLED true
  azd provision --no-prompt
fi
