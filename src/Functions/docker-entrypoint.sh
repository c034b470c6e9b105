#!/usr/bin/env bash
# Starts the Azure Functions host, after proving the GPU works when CUDA was asked for: a replica that would
# silently score on the CPU (missing driver, wrong CUDA or cuDNN) exits here with ONNX Runtime's reason instead.
set -euo pipefail

if [[ "${Detection__Device:-cpu}" == "cuda" ]]; then
  dotnet /home/site/wwwroot/DeepScan.Functions.dll selfcheck
fi

if [[ -x /azure-functions-host/Microsoft.Azure.WebJobs.Script.WebHost ]]; then
  exec /azure-functions-host/Microsoft.Azure.WebJobs.Script.WebHost
fi
exec dotnet /azure-functions-host/Microsoft.Azure.WebJobs.Script.WebHost.dll
