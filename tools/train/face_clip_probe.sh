#!/usr/bin/env bash
# The face-clip probe: the FaceForensics++ validation videos cut as the dev set's Celeb-DF clips were cut (first 24
# frames; the face's box from `deepscan crops` grown by 10% a side, kept inside the frame, shrunk to fit 298 px if
# larger, centred on a black 298x298 canvas; MPEG-4 Part 2 at a fixed quantiser, which gives those clips' 70-320
# kbit/s), then `deepscan eval` on them. It asks whether that format alone, with generators the member knows, costs
# what the member loses on those clips. Validation videos only, never trained on.
#   tools/train/face_clip_probe.sh [OUT] [QSCALE]      (default .deepscan/train/face-clips, 12; made clips are kept)
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$(cd .. && pwd)/shared/data/train/ffpp-c23"
out=${1:-.deepscan/train/face-clips}
qscale=${2:-12}
deepscan=.deepscan/bin/deepscan
[ -x "$deepscan" ] || deepscan="dotnet run -c Release --project src/Cli --"
mkdir -p "$out"
head -n 1 "$root/labels.csv" > "$out/val.csv"
awk -F, -v root="$root" 'NR > 1 && $5 == "val" { print root "/" $0 }' "$root/labels.csv" >> "$out/val.csv"
[ -s "$out/boxes/labels.csv" ] || $deepscan crops "$out/val.csv" --out "$out/boxes" --frames 4 > /dev/null
echo "file,label,method" > "$out/labels.csv"
# The box of the first frame's face (these videos show one person); in 24 frames a face hardly moves.
awk -F, 'NR > 1 && $4 == 0 && $12 == 0 { print $3 "," $6 "," $7 "," $8 "," $9 "," $2 "," $13 }' "$out/boxes/labels.csv" |
while IFS=, read -r video x y w h label method; do
  clip="$out/$(basename "$video")"
  if [ ! -s "$clip" ]; then
    read -r width height < <(ffprobe -v error -select_streams v:0 -show_entries stream=width,height -of csv=p=0 \
      "$video" | tr , ' ')
    crop=$(/usr/bin/python3 -c "
x, y, w, h, W, H = $x, $y, $w, $h, $width, $height
x0, y0 = max(0, int(x - 0.1 * w)), max(0, int(y - 0.1 * h))
x1, y1 = min(W, int(x + w + 1 + 0.1 * w)), min(H, int(y + h + 1 + 0.1 * h))
print(f'{x1 - x0}:{y1 - y0}:{x0}:{y0}')")
    fit="scale=w='min(298,iw)':h='min(298,ih)':force_original_aspect_ratio=decrease"
    canvas="pad=298:298:(ow-iw)/2:(oh-ih)/2:black,setsar=1"
    # 24 consecutive frames at 24 fps, an intra frame every 12, no B-frames: what OpenCV's mp4v writer made.
    ffmpeg -nostdin -v error -y -i "$video" -frames:v 24 -vf "crop=$crop,$fit,$canvas,setpts=N/(24*TB)" -r 24 \
      -c:v mpeg4 -q:v "$qscale" -g 12 -bf 0 -an "$clip"
  fi
  echo "$(basename "$video"),$label,$method" >> "$out/labels.csv"
done
$deepscan eval "$out/labels.csv" --json "$out/eval.json"
