#!/usr/bin/env bash
# The small-faces probe: the FaceForensics++ validation videos shrunk 2.5x (first 4 s, x264 CRF 23), so their faces
# are about 35-110 px, as in many uploads, then `deepscan eval` on them. Validation videos only, never trained on.
#   tools/train/small_faces_probe.sh [OUT]      (default .deepscan/train/small-faces; a video made before is kept)
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$(cd .. && pwd)/shared/data/train/ffpp-c23"
out=${1:-.deepscan/train/small-faces}
mkdir -p "$out"
echo "file,label,method" > "$out/labels.csv"
tail -n +2 "$root/labels.csv" | while IFS=, read -r file label method _ split _; do
  [ "$split" = val ] || continue
  shrunk="$out/$(basename "$file")"
  [ -s "$shrunk" ] || ffmpeg -nostdin -v error -y -t 4 -i "$root/$file" \
    -vf "scale=-2:'trunc(ih/2.5/2)*2'" -c:v libx264 -preset veryfast -crf 23 -an "$shrunk"
  echo "$(basename "$file"),$label,$method" >> "$out/labels.csv"
done
deepscan=.deepscan/bin/deepscan
[ -x "$deepscan" ] || deepscan="dotnet run -c Release --project src/Cli --"
$deepscan eval "$out/labels.csv" --json "$out/eval.json"
